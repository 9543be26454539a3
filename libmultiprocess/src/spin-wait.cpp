// SpinWait: see spin-wait.h.

#include "spin-wait.h"

#include <mp/thread-context.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <sched.h>
#include <sys/epoll.h>
#include <thread>

namespace mp {

namespace {

//! Long enough to cover a round trip to a peer that answers at once (about
//! 20 us here) even when a few calls from other threads are ahead of it
//! (four client threads calling at once wait 50-80 us each), short enough
//! that a thread waiting for a slow reply wastes little. Longer budgets
//! measured worse with several threads (the spinners crowd out the threads
//! doing the work); one thread is the same from 50 to 200 us. Figures:
//! docs/performance.md, "Poll briefly, then sleep".
constexpr long kDefaultSpinMicros = 100;
//! Upper limit for MP_SPIN_US: polling for longer than this is sleeping
//! with extra steps (and keeps `now() + budget` far from overflow).
constexpr long kMaxSpinMicros = 1'000'000;

//! Per process, for each CPU. Every thread that will soon get work should
//! be polling for it rather than asleep: a sleeping thread costs a futex wake
//! and, on an idle (virtual) CPU, an interrupt to wake the CPU. Spinners
//! yield on every turn, so up to a few per CPU do not hold up the threads
//! doing the work. With 4 client threads on 2 vCPUs, 1 spinner per process
//! was slower than 8, and 64 no better than 8 (docs/performance.md).
constexpr int kSpinnersPerCpu = 4;
//! Upper limit for MP_SPIN_THREADS.
constexpr long kMaxSpinners = 4096;

//! The value of environment variable `name` as a number clamped to
//! [0, max], or fallback if it is unset or not a number.
long EnvNumber(const char* name, long max, long fallback)
{
    const char* value = getenv(name);
    if (!value || !*value) return fallback;
    errno = 0;
    char* end = nullptr;
    const long number = std::strtol(value, &end, 10);
    if (end == value) return fallback;
    if (errno == ERANGE) return number < 0 ? 0 : max;
    return std::clamp(number, 0L, max);
}

int MaxSpinners()
{
    static const int max = [] {
        const long cpus = std::max(1U, std::thread::hardware_concurrency());
        return static_cast<int>(EnvNumber("MP_SPIN_THREADS", kMaxSpinners, std::min(kMaxSpinners, kSpinnersPerCpu * cpus)));
    }();
    return max;
}

std::chrono::microseconds SpinBudget()
{
    static const std::chrono::microseconds budget = [] {
        // A machine with one CPU, or one that does not say how many it has,
        // does not poll unless asked to: a poller there could only delay the
        // thread it waits for.
        const long fallback = std::thread::hardware_concurrency() <= 1 ? 0 : kDefaultSpinMicros;
        return std::chrono::microseconds(EnvNumber("MP_SPIN_US", kMaxSpinMicros, fallback));
    }();
    return budget;
}

std::atomic<int> g_spinners{0};

} // namespace

SpinWait::SpinWait()
{
    const auto budget = SpinBudget();
    if (budget.count() == 0) return;
    const int max_spinners = MaxSpinners();
    int spinners = g_spinners.load(std::memory_order_relaxed);
    while (spinners < max_spinners) {
        if (g_spinners.compare_exchange_weak(spinners, spinners + 1, std::memory_order_relaxed)) {
            m_active = true;
            m_deadline = std::chrono::steady_clock::now() + budget;
            return;
        }
    }
}

SpinWait::~SpinWait()
{
    if (m_active) g_spinners.fetch_sub(1, std::memory_order_relaxed);
}

bool SpinWait::again()
{
    if (!m_active) return false;
    if (!m_started) {
        m_started = true;
        return true;
    }
    sched_yield();
    return std::chrono::steady_clock::now() < m_deadline;
}

int SpinThenEpollWait(int epoll_fd, epoll_event* events, int max_events)
{
    {
        SpinWait spin;
        while (spin.again()) {
            const int count = epoll_wait(epoll_fd, events, max_events, 0);
            if (count != 0) return count;
        }
    }
    return epoll_wait(epoll_fd, events, max_events, -1);
}

bool SpinUntilChanged(const std::atomic<uint32_t>& wakes, uint32_t seen)
{
    SpinWait spin;
    while (spin.again()) {
        if (wakes.load(std::memory_order_acquire) != seen) return true;
    }
    return false;
}

} // namespace mp
