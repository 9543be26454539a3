// ReleaseThread: where an EventLoop drops served objects whose peer let go
// of them, so that their destructors may block or make IPC calls without
// stalling the loop.

#ifndef MP_SRC_RELEASE_THREAD_H
#define MP_SRC_RELEASE_THREAD_H

#include <mp/event-loop.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace mp {

//! One thread per EventLoop, started on first use, that drops the last
//! reference to objects handed to it, one at a time, in the order given.
//!
//! Ownership: each queued object is owned by the queue until the thread
//! drops it; with it the queue holds an EventLoopRef, so that loop() does
//! not return while an object waits (its destructor may need the loop).
//! The EventLoop owns this object and calls stop() when loop() ends.
//!
//! Threads: release() from any thread; stop() from the loop's own thread.
class ReleaseThread
{
public:
    explicit ReleaseThread(EventLoop& loop) : m_loop(loop) {}
    ~ReleaseThread() { stop(); }
    ReleaseThread(const ReleaseThread&) = delete;
    ReleaseThread& operator=(const ReleaseThread&) = delete;

    //! Queues object to be dropped on the thread. After stop(), drops it at
    //! once on the calling thread instead (loop() has returned: no IPC can
    //! be waiting on this thread).
    void release(std::shared_ptr<void> object);

    //! Drops what is queued, then ends and joins the thread. Idempotent.
    void stop();

private:
    void run();

    EventLoop& m_loop;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::pair<std::shared_ptr<void>, EventLoopRef>> m_queue; // guarded by m_mutex
    bool m_stopped{false};                                              // guarded by m_mutex
    std::thread m_thread;                                               // started under m_mutex
};

} // namespace mp

#endif // MP_SRC_RELEASE_THREAD_H
