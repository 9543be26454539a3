// What libmultiprocess costs when no call is being made:
//
//   mp/idle/after_call  one call, then the CPU both processes use in the
//                       next 20 ms, sampled every ~50 us: counters
//                       polling_us (from the call's return to the last CPU
//                       either process used) and cpu_after_us (how much);
//   mp/idle/quiet       the CPU both processes use per second while idle
//                       (counter cpu_us_per_s), 0.1 s after the last call.
//
// A thread waiting for something polls for up to MP_SPIN_US microseconds
// (default: kDefaultSpinMicros in libmultiprocess/src/spin-wait.cpp) before
// it sleeps; these rows show that the polling stops within that budget
// after the last call and that an idle connection costs nothing.

#ifndef MPBENCH_IDLE_H
#define MPBENCH_IDLE_H

#include "harness.h"

namespace mpbench {

void RegisterIdleRows(Bench& bench, int server_pid);

} // namespace mpbench

#endif // MPBENCH_IDLE_H
