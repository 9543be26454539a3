// SpinWait: a short busy wait before a thread goes to sleep.
//
// Why: the reply to an IPC call, or the next call of a client that is making
// calls in a row, usually arrives within tens of microseconds. A thread that
// sleeps for it pays a wake-up; and when its CPU has nothing else to run, the
// CPU idles (on a virtual machine, the virtual CPU halts) and must be woken
// too, which can cost more than the call itself. A thread that polls for a
// little while first gets the event without either. It yields the CPU on each
// turn, so a thread with real work to do runs instead of it.
//
// The cost is CPU time: up to the spin budget per wait, only while the
// thread would otherwise be asleep. The budget comes from the MP_SPIN_US
// environment variable (microseconds, at most one second; 0 turns spinning
// off); the default is kDefaultSpinMicros, and 0 on a machine with one CPU
// (or an unknown number), where a spinning thread could only delay the peer
// it waits for. At most kSpinnersPerCpu threads per CPU of a process spin at
// once (MP_SPIN_THREADS overrides the total; 0 also turns spinning off), so
// that spinners do not crowd out the threads that do the work.

#ifndef MP_SRC_SPIN_WAIT_H
#define MP_SRC_SPIN_WAIT_H

#include <chrono>

struct epoll_event;

namespace mp {

class SpinWait
{
public:
    //! Takes a spinning slot if spinning is on and a slot is free.
    SpinWait();
    ~SpinWait();
    SpinWait(const SpinWait&) = delete;
    SpinWait& operator=(const SpinWait&) = delete;

    //! True while the caller should poll once more: on the first call if a
    //! slot was taken; after that, yields the CPU and tells whether the budget
    //! is left.
    bool again();

private:
    bool m_active{false};
    bool m_started{false};
    std::chrono::steady_clock::time_point m_deadline;
};

//! epoll_wait(epoll_fd, events, max_events, -1), polling with a zero
//! timeout first while a SpinWait allows. Returns what epoll_wait returned.
int SpinThenEpollWait(int epoll_fd, epoll_event* events, int max_events);

} // namespace mp

#endif // MP_SRC_SPIN_WAIT_H
