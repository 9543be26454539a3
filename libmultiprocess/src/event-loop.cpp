// EventLoop: its lifetime (construction, loop(), the count of its users),
// the work other threads hand it (post, queue, runOnLoopThread), and
// shutdown. Who runs the loop's events is in loop-driver.cpp; logging in
// logging.cpp.
//
// Other threads push functions onto m_work.queued and wake the loop through
// an eventfd that the event port watches; whichever thread drives the loop
// runs them in order.
//
// The loop thread, while it does not drive the loop, sleeps on m_park_fd, an
// epoll descriptor that holds the event port's own epoll descriptor: it
// wakes when the port has events, or when work only it may run arrives
// (m_loop_thread_wake_fd).

#include <mp/event-loop.h>

#include "driven-loop.h"
#include "io-provider.h"
#include "loop-port.h"
#include "release-thread.h"
#include "socket-stream.h"
#include "spin-wait.h"
#include "worker-threads.h"

#include <mp/connection.h>
#include <mp/thread-context.h>
#include <mp/util.h>

#include <cerrno>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace mp {

EventLoop::EventLoop(const char* exe_name, LogFn log_fn, void* context)
    : m_thread_id(std::this_thread::get_id()),
      m_port(std::make_unique<LoopPort>()),
      m_kj_loop(std::make_unique<kj::EventLoop>(*m_port)),
      m_log_level(LogLevelFromEnvironment()),
      m_exe_name(exe_name),
      m_log_fn(std::move(log_fn)),
      m_context(context),
      m_task_set(kj::heap<kj::TaskSet>(static_cast<kj::TaskSet::ErrorHandler&>(*this))),
      m_release_thread(std::make_unique<ReleaseThread>(*this)),
      m_workers(std::make_unique<WorkerThreads>())
{
    m_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wake_fd < 0) throw std::system_error(errno, std::system_category(), "eventfd");
    m_loop_thread_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_loop_thread_wake_fd < 0) throw std::system_error(errno, std::system_category(), "eventfd");
    m_park_fd = epoll_create1(EPOLL_CLOEXEC);
    if (m_park_fd < 0) throw std::system_error(errno, std::system_category(), "epoll_create1");
    epoll_event event{};
    event.events = EPOLLIN;
    if (epoll_ctl(m_park_fd, EPOLL_CTL_ADD, m_port->epollFd(), &event) < 0 ||
        epoll_ctl(m_park_fd, EPOLL_CTL_ADD, m_loop_thread_wake_fd, &event) < 0) {
        throw std::system_error(errno, std::system_category(), "epoll_ctl");
    }
    holdOnOwnThread();
    m_io_context.lowLevelProvider = NewLoopLowLevelIo(*m_port);
    m_io_context.provider = kj::newAsyncIoProvider(*m_io_context.lowLevelProvider);
    m_wake_watch = std::make_unique<FdWatch>(*m_port, m_wake_fd);
    m_queued_loop = runQueuedLoop().eagerlyEvaluate([this](kj::Exception&& e) {
        log(LogLevel::Error) << "EventLoop: queued function loop failed: " << e.getDescription().cStr();
    });
    ThreadContext& thread = g_thread_context;
    if (thread.thread_name.empty()) thread.thread_name = ThreadName(exe_name);
}

EventLoop::~EventLoop()
{
    // loop() never ran (or threw): make sure no library thread is left.
    m_release_thread->stop();
    m_workers->joinAll();
    // Cap'n Proto objects are destroyed with the loop current (the loop's
    // own thread holds it again since loop() returned), as when they were
    // used. Connections still open belong to this loop and must go first.
    if (m_own_thread_scope && !onOwnThread()) {
        // Destroyed on another thread than its own (against the contract in
        // event-loop.h): the own thread's WaitScope cannot be left from here
        // (kj would terminate), so it is abandoned, and this thread enters
        // the loop instead.
        (void)m_own_thread_scope.release();
        t_driven_loop = nullptr;
    }
    if (!m_own_thread_scope) holdOnOwnThread();
    m_incoming_connections.clear();
    m_work.loop_thread.clear();
    m_task_set = nullptr;
    m_queued_loop = nullptr;
    m_wake_watch = nullptr;
    m_io_context.provider = nullptr;
    m_io_context.lowLevelProvider = nullptr;
    releaseOwnThreadHold();
    if (m_wake_fd >= 0) close(m_wake_fd);
    if (m_park_fd >= 0) close(m_park_fd);
    if (m_loop_thread_wake_fd >= 0) close(m_loop_thread_wake_fd);
}

bool EventLoop::onLoopThread() const { return t_driven_loop == this; }

bool EventLoop::onOwnThread() const { return std::this_thread::get_id() == m_thread_id; }

kj::Own<kj::AsyncIoStream> EventLoop::wrapSocket(int fd) { return kj::heap<SocketStream>(*m_port, fd); }

kj::Own<kj::ConnectionReceiver> EventLoop::wrapListenSocket(int fd)
{
    return kj::heap<SocketListener>(*m_port, fd);
}

void EventLoop::loop()
{
    if (!onOwnThread()) {
        throw std::logic_error("EventLoop::loop() must run on the thread that constructed the loop");
    }
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_lifetime.running = true;
    }
    // What this thread set up before loop() (connections, proxies) is now
    // run by whichever thread drives the loop.
    releaseOwnThreadHold();
    while (true) {
        bool drive = false;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_lifetime.exit_requested && !m_driving.driven) break;
            // Work only this thread may do is waiting while another thread
            // drives the loop: that thread lets go soon (see runUntil).
            if (m_driving.driven && !m_work.loop_thread.empty()) {
                m_drive_cv.wait(lock, [&] { return !m_driving.driven; });
            }
            if (!m_driving.driven) drive = m_driving.driven = m_driving.by_loop_thread = true;
        }
        if (drive) {
            {
                kj::WaitScope scope(*m_kj_loop);
                t_driven_loop = this;
                m_port->advanceTimer();
                runLoopThreadWork();
                scope.poll();
                m_port->flushPending();
                t_driven_loop = nullptr;
            }
            std::unique_lock<std::mutex> lock(m_mutex);
            m_driving.driven = m_driving.by_loop_thread = false;
            m_drive_cv.notify_all();
            if (m_lifetime.exit_requested) break;
            if (!m_work.loop_thread.empty()) continue;
        }
        // Sleep until the event port has events (or, while another thread
        // drives the loop, until that thread gives it back with events left),
        // or work for this thread comes.
        epoll_event event;
        int ready = SpinThenEpollWait(m_park_fd, &event, 1);
        if (ready < 0 && errno != EINTR) {
            throw std::system_error(errno, std::system_category(), "epoll_wait");
        }
    }
    // Nothing is left to release (pending releases count as clients), and
    // every worker thread has dropped its reference: wait for them to end.
    m_release_thread->stop();
    m_workers->joinAll();
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_lifetime.running = false;
        m_lifetime.finished = true;
    }
    // Until the loop is destroyed, this thread may destroy what it still
    // owns (connections, proxies) with the loop current.
    holdOnOwnThread();
}

void EventLoop::runOnLoopThread(std::function<void()> fn)
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        throwIfNotAcceptingWorkLocked("EventLoop::runOnLoopThread");
        m_work.loop_thread.push_back(std::move(fn));
        if (!m_work.loop_thread_wake_pending) {
            m_work.loop_thread_wake_pending = true;
            SignalEventFd(m_loop_thread_wake_fd);
        }
    }
    // A thread driving the loop while it waits for a reply lets go once it
    // sees this work (see LoopDriver::runUntil): make it look.
    if (onLoopThread()) {
        wakeDrivingWaiter();
    } else {
        queue([this] { wakeDrivingWaiter(); });
    }
}

void EventLoop::runLoopThreadWork()
{
    std::vector<std::function<void()>> work;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (!m_work.loop_thread_wake_pending) return;
        // Reset the eventfd; runOnLoopThread writes it (under m_mutex) only
        // when no wake-up is pending, so an unset flag means nothing to read.
        uint64_t count;
        ssize_t ignored = read(m_loop_thread_wake_fd, &count, sizeof(count));
        (void)ignored;
        m_work.loop_thread_wake_pending = false;
        work.swap(m_work.loop_thread);
    }
    for (auto& fn : work) {
        fn();
        fn = nullptr; // destroy captures here, with the loop current
    }
}

bool EventLoop::loopThreadWorkPending()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    return !m_work.loop_thread.empty();
}

void EventLoop::shutdown()
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_lifetime.finished || m_lifetime.exit_requested) return;
        m_shutting_down.store(true, std::memory_order_release);
    }
    try {
        if (onLoopThread()) {
            queue([this] { shutdownOnLoop(); });
        } else {
            post([this] { shutdownOnLoop(); });
        }
    } catch (const std::logic_error&) {
        // loop() returned meanwhile: nothing is left to shut down.
    }
}

void EventLoop::shutdownOnLoop()
{
    log(LogLevel::Info) << "EventLoop: shutting down: stopping " << m_listener_stops.size() << " listener(s), closing "
                        << m_connections.size() << " connection(s)";
    // Stop functions remove themselves from the list (now or later).
    std::vector<std::function<void()>> stops(m_listener_stops.begin(), m_listener_stops.end());
    for (auto& stop : stops) stop();
    // Disconnect handlers usually destroy their connection, which removes it
    // from the list: look for the next open one each time.
    while (true) {
        Connection* open = nullptr;
        for (Connection* connection : m_connections) {
            if (!connection->disconnected()) {
                open = connection;
                break;
            }
        }
        if (!open) break;
        open->disconnect();
    }
}

void EventLoop::releaseOffLoop(std::shared_ptr<void> object) { m_release_thread->release(std::move(object)); }

void EventLoop::startWorker(std::function<void()> fn) { m_workers->start(std::move(fn)); }

void EventLoop::queue(std::function<void()> fn)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    throwIfNotAcceptingWorkLocked("EventLoop::queue");
    m_work.queued.push_back(std::move(fn));
    // A queued function counts as a client until it has run.
    addClient(lock);
    wakeLocked();
}

void EventLoop::post(const std::function<void()>& fn)
{
    if (onLoopThread()) {
        fn();
        return;
    }
    Waiter& waiter = g_thread_context.getWaiter();
    bool done = false;
    std::exception_ptr error;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        throwIfNotAcceptingWorkLocked("EventLoop::post");
        addClient(lock);
    }
    ScopeExit drop_client([this] {
        std::unique_lock<std::mutex> lock(m_mutex);
        removeClient(lock);
    });
    runOnLoopThread([&] {
        try {
            fn();
        } catch (...) {
            error = std::current_exception();
        }
        waiter.update([&] { done = true; });
    });
    waiter.waitUntil([&] { return done; });
    if (error) std::rethrow_exception(error);
}

void EventLoop::throwIfNotAcceptingWorkLocked(const char* what) const
{
    // Once the last client has gone, loop() is on its way out and runs no
    // more work: a function handed over now would never run, and a post()
    // would wait for it forever. Work from a holder of a loop reference
    // (every caller but a late shutdown() or sync()) cannot arrive then.
    if (m_lifetime.finished || m_lifetime.exit_requested) {
        throw std::logic_error(std::string(what) + ": the event loop has exited or is exiting");
    }
}

void EventLoop::addClient(std::unique_lock<std::mutex>& lock)
{
    (void)lock;
    ++m_lifetime.clients;
}

void EventLoop::removeClient(std::unique_lock<std::mutex>& lock)
{
    (void)lock;
    if (--m_lifetime.clients == 0) {
        m_lifetime.last_client_gone = true;
        wakeLocked();
    }
}

void EventLoop::wakeLocked()
{
    if (m_work.wake_pending) return;
    m_work.wake_pending = true;
    SignalEventFd(m_wake_fd);
}

kj::Promise<void> EventLoop::runQueuedLoop()
{
    // Reset the eventfd before running what it announced, and wait for its
    // next edge only after that (the port's watches are edge-triggered).
    uint64_t count;
    ssize_t ignored = read(m_wake_fd, &count, sizeof(count));
    (void)ignored;
    runQueued();
    return m_wake_watch->whenReadable().then([this] { return runQueuedLoop(); });
}

void EventLoop::runQueued()
{
    std::vector<std::function<void()>> batch;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_work.wake_pending = false;
        batch.swap(m_work.queued);
    }
    for (auto& fn : batch) {
        fn();
        fn = nullptr; // destroy captures on the loop thread, before dropping the reference
        std::unique_lock<std::mutex> lock(m_mutex);
        if (--m_lifetime.clients == 0) m_lifetime.last_client_gone = true;
    }
    // Exit when the last client has gone, not merely when there is none yet
    // (a loop starts with no clients and waits for its first).
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_lifetime.last_client_gone && m_lifetime.clients == 0 && m_work.queued.empty() && m_lifetime.running &&
        !m_lifetime.exit_requested) {
        m_lifetime.exit_requested = true;
        // The loop thread checks for this after driving; make sure it wakes
        // even if another thread drove the loop here.
        wakeLocked();
        m_drive_cv.notify_all();
    }
}

EventLoopRef::EventLoopRef(EventLoop& loop) : m_loop(&loop)
{
    std::unique_lock<std::mutex> lock(loop.m_mutex);
    loop.addClient(lock);
}

void EventLoopRef::reset()
{
    if (!m_loop) return;
    EventLoop* loop = m_loop;
    m_loop = nullptr;
    std::unique_lock<std::mutex> lock(loop->m_mutex);
    loop->removeClient(lock);
}

} // namespace mp
