// EventLoop: runs the kj event loop and the functions other threads post,
// and hands the right to run it to whichever thread needs it (LoopDriver).
//
// Other threads push functions onto m_queued and wake the loop through an
// eventfd that the event port watches; whichever thread drives the loop runs
// them in order.
//
// The loop thread, while it does not drive the loop, sleeps on m_park_fd, an
// epoll descriptor that holds the event port's own epoll descriptor: it
// wakes when the port has events. A thread that takes the loop (LoopDriver)
// removes the port from m_park_fd for as long as it drives, so that the loop
// thread sleeps through the events that thread handles, and puts it back
// when done: if events are left, the loop thread wakes at once.

#include <mp/event-loop.h>

#include "io-provider.h"
#include "loop-port.h"
#include "socket-stream.h"
#include "spin-wait.h"

#include <mp/connection.h>
#include <mp/thread-context.h>
#include <mp/util.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace mp {

namespace {

//! The loop the calling thread is running the events of, if any.
thread_local EventLoop* t_driven_loop = nullptr;

//! Set once a LoopDriver found that this thread has a kj event loop of its
//! own (it cannot enter a second one).
thread_local bool t_has_own_kj_loop = false;

//! See KeepDriver().
thread_local std::unique_ptr<LoopDriver> t_kept_driver;

LogLevel LogLevelFromEnvironment()
{
    const char* value = getenv("MP_LOG_LEVEL");
    if (!value) return LogLevel::Info;
    std::string level(value);
    if (level == "trace") return LogLevel::Trace;
    if (level == "debug") return LogLevel::Debug;
    if (level == "warning") return LogLevel::Warning;
    if (level == "error") return LogLevel::Error;
    return LogLevel::Info;
}

} // namespace

Logger::Logger(Logger&& other) noexcept : m_loop(other.m_loop), m_enabled(other.m_enabled), m_buffer(std::move(other.m_buffer))
{
    other.m_enabled = false;
}

Logger::~Logger()
{
    if (!m_enabled) return;
    try {
        m_loop->writeLog(/*raise=*/false, m_buffer.str());
    } catch (...) {
        // A log function that throws for a non-fatal message has nowhere to
        // report it; logging must not take the process down.
    }
}

EventLoop::EventLoop(const char* exe_name, LogFn log_fn, void* context)
    : m_log_level(LogLevelFromEnvironment()),
      m_exe_name(exe_name),
      m_thread_id(std::this_thread::get_id()),
      m_port(std::make_unique<LoopPort>()),
      m_kj_loop(std::make_unique<kj::EventLoop>(*m_port)),
      m_log_fn(std::move(log_fn)),
      m_context(context),
      m_task_set(kj::heap<kj::TaskSet>(static_cast<kj::TaskSet::ErrorHandler&>(*this)))
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
    // loop() never ran (or threw): make sure no release thread is left.
    stopReleaseThread();
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
    m_loop_thread_work.clear();
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
        m_running = true;
    }
    // What this thread set up before loop() (connections, proxies) is now
    // run by whichever thread drives the loop.
    releaseOwnThreadHold();
    while (true) {
        bool drive = false;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_exit_requested && !m_driven) break;
            // Work only this thread may do is waiting while another thread
            // drives the loop: that thread lets go soon (see runUntil).
            if (m_driven && !m_loop_thread_work.empty()) {
                m_drive_cv.wait(lock, [&] { return !m_driven; });
            }
            if (!m_driven) drive = m_driven = m_driven_by_loop_thread = true;
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
            m_driven = m_driven_by_loop_thread = false;
            m_drive_cv.notify_all();
            if (m_exit_requested) break;
            if (!m_loop_thread_work.empty()) continue;
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
    stopReleaseThread();
    joinWorkers(/*all=*/true);
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_running = false;
        m_finished = true;
    }
    // Until the loop is destroyed, this thread may destroy what it still
    // owns (connections, proxies) with the loop current.
    holdOnOwnThread();
}

void EventLoop::holdOnOwnThread()
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_driven = m_driven_by_loop_thread = true;
    }
    m_own_thread_scope = std::make_unique<kj::WaitScope>(*m_kj_loop);
    t_driven_loop = this;
    m_port->advanceTimer();
}

void EventLoop::releaseOwnThreadHold()
{
    if (!m_own_thread_scope) return;
    // Bytes written meanwhile go out, and events made runnable are run by
    // the thread that drives the loop next.
    m_port->flushPending();
    if (m_kj_loop->isRunnable()) m_port->wake();
    t_driven_loop = nullptr;
    m_own_thread_scope.reset();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_driven = m_driven_by_loop_thread = false;
    m_drive_cv.notify_all();
}

void EventLoop::runOnLoopThread(std::function<void()> fn)
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_finished) throw std::logic_error("EventLoop: the event loop has already exited");
        m_loop_thread_work.push_back(std::move(fn));
        if (!m_loop_thread_wake_pending) {
            m_loop_thread_wake_pending = true;
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
        if (!m_loop_thread_wake_pending) return;
        // Reset the eventfd; runOnLoopThread writes it (under m_mutex) only
        // when no wake-up is pending, so an unset flag means nothing to read.
        uint64_t count;
        ssize_t ignored = read(m_loop_thread_wake_fd, &count, sizeof(count));
        (void)ignored;
        m_loop_thread_wake_pending = false;
        work.swap(m_loop_thread_work);
    }
    for (auto& fn : work) {
        fn();
        fn = nullptr; // destroy captures here, with the loop current
    }
}

bool EventLoop::loopThreadWorkPending()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    return !m_loop_thread_work.empty();
}

bool EventLoop::startDriving()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    // The loop thread holds the loop only for a short turn (it never waits
    // inside it): wait for the turn to end rather than hand this thread's
    // work to it. Otherwise a thread that calls again right after its reply
    // would keep finding the loop thread busy with the previous one.
    m_drive_cv.wait(lock, [&] { return !m_driven_by_loop_thread || m_exit_requested; });
    if (m_driven || m_finished || m_exit_requested || !m_loop_thread_work.empty()) return false;
    m_driven = true;
    addClient(lock);
    watchPortLocked(false);
    return true;
}

void EventLoop::stopDriving()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_driven = false;
    m_drive_cv.notify_all();
    watchPortLocked(true);
    removeClient(lock);
}

void EventLoop::watchPortLocked(bool watch)
{
    if (m_port_watched == watch) return;
    m_port_watched = watch;
    epoll_event event{};
    event.events = watch ? static_cast<uint32_t>(EPOLLIN) : 0U;
    // Re-adding it makes epoll look at the port again: if events are
    // waiting, the loop thread wakes now.
    epoll_ctl(m_park_fd, EPOLL_CTL_MOD, m_port->epollFd(), &event);
}

void EventLoop::wakeDrivingWaiter()
{
    Waiter* waiter = m_driving_waiter;
    if (!waiter) return;
    std::lock_guard<std::mutex> lock(waiter->m_mutex);
    if (waiter->m_drive_wake) {
        waiter->m_drive_wake->fulfill();
        waiter->m_drive_wake = nullptr;
    }
}

void EventLoop::shutdown()
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_finished) return;
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

void EventLoop::releaseOffLoop(std::shared_ptr<void> object)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_release_stopped) {
        // loop() has returned: no IPC can be waiting on this thread.
        lock.unlock();
        object.reset();
        return;
    }
    m_release_queue.push_back(std::move(object));
    addClient(lock);
    if (!m_release_thread.joinable()) {
        m_release_thread = std::thread([this] { releaseThreadMain(); });
    }
    m_release_cv.notify_one();
}

void EventLoop::releaseThreadMain()
{
    g_thread_context.thread_name = ThreadName(m_exe_name) + " (release)";
    SetOsThreadName("mp-release");
    std::unique_lock<std::mutex> lock(m_mutex);
    while (true) {
        m_release_cv.wait(lock, [&] { return m_release_stopped || !m_release_queue.empty(); });
        if (m_release_queue.empty()) break;
        std::shared_ptr<void> object = std::move(m_release_queue.front());
        m_release_queue.pop_front();
        lock.unlock();
        object.reset(); // the object's destructor may block or make IPC calls
        lock.lock();
        removeClient(lock);
    }
    lock.unlock();
    // Release what this thread holds on connections before the loop ends.
    g_thread_context.links->detachAll();
}

void EventLoop::startWorker(std::function<void()> fn)
{
    joinWorkers(/*all=*/false);
    std::unique_lock<std::mutex> lock(m_mutex);
    m_workers.emplace_front();
    auto it = m_workers.begin();
    // The thread reports its end under m_mutex, which is held until `it`
    // refers to it.
    *it = std::thread([this, it, fn = std::move(fn)]() mutable {
        fn();
        fn = nullptr;
        std::unique_lock<std::mutex> lock(m_mutex);
        m_exited_workers.push_back(it);
    });
}

void EventLoop::joinWorkers(bool all)
{
    std::list<std::thread> joining;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (all) {
            joining.swap(m_workers);
        } else {
            for (auto it : m_exited_workers) joining.splice(joining.end(), m_workers, it);
        }
        m_exited_workers.clear();
    }
    for (auto& thread : joining) thread.join();
    if (all) {
        // Threads that ended after the swap noted themselves: forget them.
        std::unique_lock<std::mutex> lock(m_mutex);
        m_exited_workers.clear();
    }
}

void EventLoop::stopReleaseThread()
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_release_stopped = true;
    }
    m_release_cv.notify_all();
    if (m_release_thread.joinable()) m_release_thread.join();
}

void EventLoop::queue(std::function<void()> fn)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_finished) throw std::logic_error("EventLoop::queue: the event loop has already exited");
    m_queued.push_back(std::move(fn));
    ++m_num_clients;
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
        if (m_finished) throw std::logic_error("EventLoop::post: the event loop has already exited");
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
        std::lock_guard<std::mutex> lock(waiter.m_mutex);
        done = true;
        waiter.notify();
    });
    {
        std::unique_lock<std::mutex> lock(waiter.m_mutex);
        waiter.wait(lock, [&] { return done; });
    }
    if (error) std::rethrow_exception(error);
}

void EventLoop::addClient(std::unique_lock<std::mutex>& lock)
{
    (void)lock;
    ++m_num_clients;
}

void EventLoop::removeClient(std::unique_lock<std::mutex>& lock)
{
    (void)lock;
    if (--m_num_clients == 0) {
        m_last_client_gone = true;
        wakeLocked();
    }
}

void EventLoop::wakeLocked()
{
    if (m_wake_pending) return;
    m_wake_pending = true;
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
        m_wake_pending = false;
        batch.swap(m_queued);
    }
    for (auto& fn : batch) {
        fn();
        fn = nullptr; // destroy captures on the loop thread, before dropping the reference
        std::unique_lock<std::mutex> lock(m_mutex);
        if (--m_num_clients == 0) m_last_client_gone = true;
    }
    // Exit when the last client has gone, not merely when there is none yet
    // (a loop starts with no clients and waits for its first).
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_last_client_gone && m_num_clients == 0 && m_queued.empty() && m_running && !m_exit_requested) {
        m_exit_requested = true;
        // The loop thread checks for this after driving; make sure it wakes
        // even if another thread drove the loop here.
        wakeLocked();
        m_drive_cv.notify_all();
    }
}

void EventLoop::raise(const std::string& message)
{
    writeLog(/*raise=*/true, message);
    throw std::runtime_error(message);
}

void EventLoop::writeLog(bool raise, const std::string& message)
{
    if (!m_log_fn) return;
    m_log_fn(raise, "{" + g_thread_context.name(m_exe_name) + "} " + message);
}

void EventLoop::taskFailed(kj::Exception&& exception)
{
    log(LogLevel::Warning) << "EventLoop: task failed: " << exception.getDescription().cStr();
}

void TraceCall(EventLoop& loop, const char* event, const char* method_name, const std::string* thread_name,
               kj::StringPtr rendering)
{
    constexpr size_t kMaxRendering = 200;
    std::string shown(rendering.cStr(), std::min(rendering.size(), kMaxRendering));
    if (rendering.size() > kMaxRendering) shown += "...";
    Logger line = loop.log(LogLevel::Trace);
    line << "IPC trace: " << event << " " << method_name;
    if (thread_name) line << " [client thread " << *thread_name << "]";
    line << " " << shown;
}

bool EventLoop::onOwnThread() const { return std::this_thread::get_id() == m_thread_id; }

void EventLoop::setHotWaiter(Waiter* waiter)
{
    Waiter* hot = m_hot_waiter.load(std::memory_order_relaxed);
    if (hot == waiter) {
        m_hot_passed_over = 0;
        return;
    }
    // When calls from several client threads interleave, the hot worker
    // that is waiting in the loop right now keeps its place: handing it to
    // the worker that just got a call (and is busy with it) would make this
    // one let go of the loop, and the loop thread be woken to run it, on
    // every call. It gives way once calls keep going to other workers only
    // (one client thread took over from another).
    constexpr int kMaxPassedOver = 8;
    if (waiter && hot && hot == m_driving_waiter && ++m_hot_passed_over < kMaxPassedOver) return;
    m_hot_passed_over = 0;
    m_hot_waiter.store(waiter, std::memory_order_relaxed);
    // An idle worker waiting in the loop stops once it is no longer the hot
    // one; make it look (another waiting thread just looks again).
    if (m_driving_waiter && m_driving_waiter != waiter) wakeDrivingWaiter();
}

bool IsHotWaiter(EventLoop& loop, Waiter& waiter) { return loop.isHotWaiter(&waiter); }

LoopDriver::LoopDriver(EventLoop& loop) : m_loop(loop)
{
    if (t_driven_loop || t_has_own_kj_loop) return;
    if (!loop.startDriving()) return;
    try {
        m_scope.emplace(*loop.m_kj_loop);
    } catch (const kj::Exception&) {
        // kj allows one event loop per thread, and this thread has its own.
        t_has_own_kj_loop = true;
        loop.stopDriving();
        return;
    }
    t_driven_loop = &loop;
    loop.m_port->advanceTimer();
}

LoopDriver::~LoopDriver()
{
    if (!m_scope) return;
    // Bytes written while driving go out before the loop is given back.
    m_loop.m_port->flushPending();
    // Events made runnable meanwhile but not run yet are left to the loop
    // thread, which only wakes up for the event port: poke it.
    if (m_loop.m_kj_loop->isRunnable()) m_loop.m_port->wake();
    t_driven_loop = nullptr;
    m_scope.reset();
    m_loop.stopDriving();
}

void LoopDriver::poll()
{
    try {
        m_scope->poll();
    } catch (const kj::Exception& e) {
        m_loop.log(LogLevel::Error) << "EventLoop: running events failed: " << e.getDescription().cStr();
    }
}

void LoopDriver::runUntil(Waiter& waiter, kj::FunctionParam<bool()> done)
{
    m_loop.m_driving_waiter = &waiter;
    std::unique_lock<std::mutex> lock(waiter.m_mutex);
    ScopeExit stop_waiting([&] {
        if (!lock.owns_lock()) lock.lock();
        waiter.m_drive_wake = nullptr;
        m_loop.m_driving_waiter = nullptr;
    });
    // Work only the loop thread may do (a served call to a method without a
    // Context) makes this thread let go of the loop.
    while (!done() && !waiter.hasPosted() && !m_loop.loopThreadWorkPending()) {
        // Waiter::notify() and post() fulfil this (on this thread: only the
        // thread driving the loop runs the events that call them).
        auto wake = kj::newPromiseAndFulfiller<void>();
        waiter.m_drive_wake = wake.fulfiller.get();
        waiter.m_drive_thread = std::this_thread::get_id();
        waiter.m_drive_loop = &m_loop;
        lock.unlock();
        wake.promise.wait(*m_scope);
        lock.lock();
        waiter.m_drive_wake = nullptr;
    }
    // Run what the reply (or the posted function) set off and is ready to
    // run now, without waiting for I/O, so that this thread does not leave
    // it to the loop thread and wake it for it (see ~LoopDriver).
    lock.unlock();
    m_loop.m_kj_loop->run();
}

void KeepDriver(std::unique_ptr<LoopDriver> driver) { t_kept_driver = std::move(driver); }

bool HoldsKeptDriver() { return t_kept_driver != nullptr; }

void ReleaseKeptDriver() { t_kept_driver.reset(); }

bool DriveLoopUntil(EventLoop& loop, Waiter& waiter, kj::FunctionParam<bool()> done)
{
    std::unique_ptr<LoopDriver> kept = std::move(t_kept_driver);
    if (kept && &kept->loop() != &loop) kept.reset();
    if (kept) {
        kept->runUntil(waiter, done);
        return true;
    }
    LoopDriver driver(loop);
    if (!driver) return false;
    driver.runUntil(waiter, done);
    return true;
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
