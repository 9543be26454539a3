#ifndef MP_EXAMPLE_TYPES_H
#define MP_EXAMPLE_TYPES_H

// Type conversions the example interfaces need, named by $Proxy.includeTypes
// in the .capnp files:
//   Proxy.Context, Proxy.ThreadMap        -> type-context.h, type-threadmap.h
//   Text <-> const std::string&           -> type-string.h, type-decay.h
//   interfaces <-> std::unique_ptr<Cls>   -> type-interface.h
#include <mp/type-context.h>
#include <mp/type-decay.h>
#include <mp/type-interface.h>
#include <mp/type-string.h>
#include <mp/type-threadmap.h>

#endif // MP_EXAMPLE_TYPES_H
