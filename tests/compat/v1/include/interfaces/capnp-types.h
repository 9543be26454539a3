// The type conversions the generated code for interfaces/*.capnp needs
// (named by $Proxy.includeTypes in each file).

#ifndef INTERFACES_CAPNP_TYPES_H
#define INTERFACES_CAPNP_TYPES_H

#include <mp/type-context.h>
#include <mp/type-data.h>
#include <mp/type-decay.h>
#include <mp/type-exception.h>
#include <mp/type-function.h>
#include <mp/type-interface.h>
#include <mp/type-number.h>
#include <mp/type-optional.h>
#include <mp/type-string.h>
#include <mp/type-struct.h>
#include <mp/type-threadmap.h>
#include <mp/type-vector.h>
#include <mp/type-void.h>

#include <interfaces/records.h>

#endif // INTERFACES_CAPNP_TYPES_H
