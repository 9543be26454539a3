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
//! 20 us here), short enough that a thread waiting for a slow reply wastes
//! little.
constexpr long kDefaultSpinMicros = 50;
//! Per process. One is enough for the common case (one thread waiting for a
//! reply, or one worker waiting for the next call); more only compete with
//! the threads that do work on a machine with few CPUs.
constexpr int kMaxSpinners = 1;

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
    while (spinners < kMaxSpinners) {
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
