// CPU time of the two processes of a benchmark row (this one and its server
// child), to report CPU per call beside latency.
//
// Read from the kernel's per-process CPU clocks (CLOCK_PROCESS_CPUTIME_ID and
// clock_getcpuclockid(2) for the child): the same accounting as utime + stime
// in /proc/PID/stat, summed over all threads, but in nanoseconds instead of
// 10 ms clock ticks, which matters for a row that runs 0.2 s.

#ifndef MPBENCH_CPU_TIME_H
#define MPBENCH_CPU_TIME_H

#include <benchmark/benchmark.h>

#include <cstdint>

namespace mpbench {

//! CPU time used so far by process pid (all threads), in nanoseconds; -1
//! if it cannot be read.
int64_t ProcessCpuNs(int pid);
//! The same for this process.
int64_t OwnCpuNs();
//! The same for the calling thread.
int64_t ThreadCpuNs();

//! Measures the CPU both processes spend during a row's timed loop and
//! reports it per call as the counter "cpu_us" (microseconds). With several
//! benchmark threads, only thread 0 measures (counters are summed over
//! threads), from its first iteration, when all threads have started, to
//! the end of its loop, when all have finished.
class CpuPerCall
{
public:
    CpuPerCall(benchmark::State& state, int peer_pid) : m_state(state), m_peer_pid(peer_pid) {}

    //! Call at the top of every iteration: starts the clock on the first.
    void iteration()
    {
        if (!m_started) start();
    }
    //! Call after the loop: sets the counter.
    void finish();

private:
    void start();

    benchmark::State& m_state;
    int m_peer_pid;
    bool m_started{false};
    int64_t m_own_start{0};
    int64_t m_peer_start{0};
};

} // namespace mpbench

#endif // MPBENCH_CPU_TIME_H
