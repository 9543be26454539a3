// CPU time of both processes of a benchmark row: see cpu-time.h.

#include "cpu-time.h"

#include <ctime>
#include <sys/types.h>

namespace mpbench {

namespace {

int64_t ClockNs(clockid_t clock)
{
    timespec now{};
    if (clock_gettime(clock, &now) != 0) return -1;
    return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

} // namespace

int64_t ProcessCpuNs(int pid)
{
    clockid_t clock;
    if (clock_getcpuclockid(static_cast<pid_t>(pid), &clock) != 0) return -1;
    return ClockNs(clock);
}

int64_t OwnCpuNs() { return ClockNs(CLOCK_PROCESS_CPUTIME_ID); }

int64_t ThreadCpuNs() { return ClockNs(CLOCK_THREAD_CPUTIME_ID); }

void CpuPerCall::start()
{
    m_started = true;
    if (m_state.thread_index() != 0) return;
    m_own_start = OwnCpuNs();
    m_peer_start = ProcessCpuNs(m_peer_pid);
}

void CpuPerCall::finish()
{
    if (m_state.thread_index() != 0 || !m_started) return;
    const int64_t own = OwnCpuNs();
    const int64_t peer = ProcessCpuNs(m_peer_pid);
    if (own < 0 || peer < 0 || m_own_start < 0 || m_peer_start < 0) return;
    // Every thread ran as many iterations as this one.
    const double calls = static_cast<double>(m_state.iterations()) * m_state.threads();
    if (calls <= 0) return;
    const double ns = static_cast<double>((own - m_own_start) + (peer - m_peer_start));
    m_state.counters["cpu_us"] = benchmark::Counter(ns / calls / 1e3);
}

} // namespace mpbench
