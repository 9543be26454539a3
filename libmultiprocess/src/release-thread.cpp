// ReleaseThread: drops served objects off the event loop thread.

#include "release-thread.h"

#include <mp/thread-context.h>
#include <mp/util.h>

namespace mp {

void ReleaseThread::release(std::shared_ptr<void> object)
{
    // Taken before the lock: EventLoopRef takes the loop's own lock.
    EventLoopRef loop_ref(m_loop);
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_stopped) {
        lock.unlock();
        object.reset();
        return;
    }
    m_queue.emplace_back(std::move(object), std::move(loop_ref));
    if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
    m_cv.notify_one();
}

void ReleaseThread::stop()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopped = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void ReleaseThread::run()
{
    // Named before ThreadName() reads it (a new thread has its creator's).
    SetOsThreadName("mp-release");
    g_thread_context.thread_name = ThreadName(m_loop.m_exe_name);
    std::unique_lock<std::mutex> lock(m_mutex);
    while (true) {
        m_cv.wait(lock, [&] { return m_stopped || !m_queue.empty(); });
        if (m_queue.empty()) break;
        auto [object, loop_ref] = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        // The object's destructor may block or make IPC calls; the loop
        // reference goes after it.
        object.reset();
        loop_ref.reset();
        lock.lock();
    }
    lock.unlock();
    // Release what this thread holds on connections before the loop ends.
    g_thread_context.links->detachAll();
}

} // namespace mp
