// Type conversions tally.capnp needs, named by its $Proxy.includeTypes:
// one mp/type-*.h header per family of C++ types its methods use.

#ifndef TALLY_TYPES_H
#define TALLY_TYPES_H

#include <mp/type-context.h>   // Proxy.Context parameters
#include <mp/type-function.h>  // std::function<void(int64_t)> <-> Visitor
#include <mp/type-interface.h> // std::unique_ptr<Counter> <-> Counter
#include <mp/type-number.h>    // int32_t, int64_t <-> Int32, Int64
#include <mp/type-string.h>    // std::string <-> Text
#include <mp/type-struct.h>    // tally::Stats <-> Stats
#include <mp/type-threadmap.h> // construct's Proxy.ThreadMap

#endif // TALLY_TYPES_H
