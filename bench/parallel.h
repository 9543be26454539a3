// Aggregate throughput with several client threads calling at once:
// mp/parallel/add_worker (one libmultiprocess connection, each client thread
// mapped to its own server thread) and capnp/parallel/add (plain Cap'n Proto,
// one connection and kj event loop per client thread, one server thread
// serving them all).

#ifndef MPBENCH_PARALLEL_H
#define MPBENCH_PARALLEL_H

#include "harness.h"

namespace mpbench {

//! Client thread counts of the parallel rows.
constexpr int kParallelThreads[] = {1, 2, 4, 8};

void RegisterParallelRows(Bench& bench, int server_pid);

} // namespace mpbench

#endif // MPBENCH_PARALLEL_H
