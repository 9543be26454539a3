// Type conversions bench.capnp needs (named by its $Proxy.includeTypes).

#ifndef MPBENCH_BENCH_TYPES_H
#define MPBENCH_BENCH_TYPES_H

#include <mp/type-context.h>
#include <mp/type-data.h>
#include <mp/type-interface.h>
#include <mp/type-number.h>
#include <mp/type-string.h>
#include <mp/type-threadmap.h>
#include <mp/type-void.h>

#endif // MPBENCH_BENCH_TYPES_H
