// SpinWait: see spin-wait.h.

#include "spin-wait.h"

#include <mp/thread-context.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <sched.h>
#include <sys/epoll.h>
#include <thread>

namespace mp {

namespace {

//! Long enough to cover a round trip to a peer that answers at once (about
//! 20 us here) even when a few calls from other threads are ahead of it
//! (four client threads calling at once wait 50-80 us each), short enough
//! that a thread waiting for a slow reply wastes little. Measured on 2
//! vCPUs: 4 threads make 60-70k calls/s with 75-100 us, about 47k with 150-
//! 200 us (spinners crowd out the threads doing the work), and one thread
//! is the same from 50 to 200 us.
constexpr long kDefaultSpinMicros = 100;

//! Per process, for each CPU. Every thread that will soon get work should
//! be polling for it rather than asleep: a sleeping thread costs a futex wake
//! and, on an idle (virtual) CPU, an interrupt to wake the CPU. Spinners
//! yield on every turn, so up to a few per CPU do not hold up the threads
//! doing the work. Measured on 2 vCPUs, 4 client threads: 1 spinner per
//! process 27-35k calls/s, 2: ~30k, 4 (2 per CPU): 40-58k, 8: 50-80k, and
//! 64: no better than 8.
constexpr int kSpinnersPerCpu = 4;

int MaxSpinners()
{
    static const int max = [] {
        if (const char* value = getenv("MP_SPIN_THREADS")) return std::max(0, std::atoi(value));
        return kSpinnersPerCpu * static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    }();
    return max;
}

std::chrono::microseconds SpinBudget()
{
    static const std::chrono::microseconds budget = [] {
        if (const char* value = getenv("MP_SPIN_US")) return std::chrono::microseconds(std::max(0L, std::atol(value)));
        if (std::thread::hardware_concurrency() <= 1) return std::chrono::microseconds(0);
        return std::chrono::microseconds(kDefaultSpinMicros);
    }();
    return budget;
}

std::atomic<int> g_spinners{0};

} // namespace

SpinWait::SpinWait()
{
    const auto budget = SpinBudget();
    if (budget.count() == 0) return;
    int spinners = g_spinners.load(std::memory_order_relaxed);
    while (spinners < MaxSpinners()) {
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
