// Field build/read machinery used by generated code and by users' own type
// conversions: InvokeContext, BuildField/ReadField and the field views of
// fields.h, plus the runtime (proxy-io.h) the generated code calls into.

#ifndef MP_PROXY_TYPES_H
#define MP_PROXY_TYPES_H

#include <mp/fields.h>
#include <mp/invoke-context.h>
#include <mp/proxy-io.h>
#include <mp/proxy.h>
#include <mp/util.h>

#endif // MP_PROXY_TYPES_H
