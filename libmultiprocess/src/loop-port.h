// LoopPort: the epoll-based kj::EventPort under every mp::EventLoop, and
// FdWatch, the readiness of one file descriptor in it.
//
// The library owns this port (rather than using kj::setupAsyncIo()) for one
// reason: any thread may run the loop for a while, and a thread that is not
// running it must be able to sleep until the loop has work without holding
// it. That needs two things kj's UnixEventPort keeps private: the kj
// EventLoop object (a thread enters it with its own kj::WaitScope) and the
// epoll descriptor (the idle loop thread watches it from outside the loop).
// See EventLoop in mp/event-loop.h for who runs the loop when.
//
// Not thread-safe, like the kj::EventLoop it serves: only the thread running
// the loop calls wait(), poll() and the FdWatch methods. wake() may be called
// from any thread.

#ifndef MP_SRC_LOOP_PORT_H
#define MP_SRC_LOOP_PORT_H

#include <kj/async.h>
#include <kj/timer.h>

#include <sys/epoll.h>

#include <cstdint>
#include <vector>

namespace mp {

//! Adds one to an eventfd counter (making it readable), retrying on EINTR.
void SignalEventFd(int fd);

//! Something holding bytes to write that the port writes out before it next
//! waits for events (see SocketStream's write coalescing).
class PendingFlush
{
public:
    //! Writes what it can without blocking; re-registers itself with
    //! LoopPort::flushLater() if bytes are left (the socket was full).
    virtual void flushNow() = 0;

protected:
    ~PendingFlush() = default;
};

class LoopPort final : public kj::EventPort
{
public:
    LoopPort();
    ~LoopPort() noexcept(false);
    LoopPort(const LoopPort&) = delete;
    LoopPort& operator=(const LoopPort&) = delete;

    //! The epoll descriptor: readable while an event is waiting to be
    //! dispatched (a watched descriptor became ready, or wake() was called).
    int epollFd() const { return m_epoll_fd; }

    // kj::EventPort: block for events (wait) or only collect those already
    // there (poll); both return true if wake() was called meanwhile.
    bool wait() override { return dispatch(-1); }
    bool poll() override { return dispatch(0); }
    void wake() const override;

    //! Has pending->flushNow() called before the port next collects events
    //! (and by flushPending()). A pending flush must cancel() itself before
    //! it is destroyed.
    void flushLater(PendingFlush* pending);
    void cancel(PendingFlush* pending);
    //! Writes out everything written during this turn of the loop, and
    //! arms the timer descriptor for the timer's next event. Called before
    //! waiting for events and when a thread stops driving the loop.
    void flushPending();

    //! The loop's timer (kj::Timer): its promises resolve on the thread
    //! running the loop. A timerfd in the epoll set makes the port ready
    //! when the next one is due, so that an idle loop thread wakes for it.
    kj::Timer& timer() { return m_timer; }

    //! Brings the timer to the present: resolves the promises that are due.
    //! The port does it after every wait for events; a thread that takes
    //! the loop over does it too, since it did not wake through the port
    //! and the time the timer last saw may be long past (kj::Timer::now() is
    //! the base of afterDelay()). Loop thread.
    void advanceTimer();

private:
    friend class FdWatch;
    bool dispatch(int timeout_ms);
    //! Sets the timerfd to the timer's next event (a system call only when
    //! that changed).
    void armTimer();
    std::vector<PendingFlush*> m_pending_flushes;

    int m_epoll_fd{-1};
    //! eventfd written by wake() (kj's cross-thread fulfillers use it).
    int m_wake_fd{-1};
    //! timerfd armed for m_timer's next event, if any (see timer()).
    int m_timer_fd{-1};
    kj::TimerImpl m_timer;
    kj::Maybe<kj::TimePoint> m_timer_armed_for;
};

//! Readiness of one descriptor registered with a LoopPort (edge-triggered:
//! wait only after a read or write returned EAGAIN). Does not own the
//! descriptor; destroy it before closing the descriptor.
//!
//! Writability is watched only from the first whenWritable() until an
//! EPOLLOUT edge comes that nobody waits for. A stream socket signals
//! EPOLLOUT each time the peer reads from it, so watching it all the time
//! would wake the loop once for every message the peer receives.
class FdWatch
{
public:
    FdWatch(LoopPort& port, int fd);
    ~FdWatch();
    FdWatch(const FdWatch&) = delete;
    FdWatch& operator=(const FdWatch&) = delete;

    //! Resolves when the descriptor becomes readable (or hangs up, or fails).
    kj::Promise<void> whenReadable();
    //! Resolves when the descriptor becomes writable (or hangs up, or fails).
    kj::Promise<void> whenWritable();
    //! Resolves when the peer can no longer receive what is written.
    kj::Promise<void> whenHungUp();

private:
    friend class LoopPort;
    void onEvents(uint32_t events);
    //! Adds EPOLLOUT to the registration, or removes it.
    void setWriteInterest(bool wanted);

    LoopPort& m_port;
    int m_fd;
    //! The events registered with epoll.
    uint32_t m_events{EPOLLIN | EPOLLRDHUP | EPOLLET};
    bool m_hung_up{false};
    //! A readable edge came while nobody waited for one: the next
    //! whenReadable() resolves at once (readers may wait without first
    //! reading until EAGAIN, see SocketStream).
    bool m_read_edge{false};
    //! The peer closed its end (or the descriptor failed): whenReadable()
    //! resolves at once from then on.
    bool m_read_closed{false};
    kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> m_readable;
    kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> m_writable;
    kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>> m_hang_up;
};

} // namespace mp

#endif // MP_SRC_LOOP_PORT_H
