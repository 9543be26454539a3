// Who drives an EventLoop: the right to run its events, taken by the
// thread that needs them (LoopDriver), by the loop thread for its turns,
// and by the loop's own thread outside loop(); and the waiting done while
// holding it (LoopDriver::runUntil).
//
// A thread that takes the loop removes the event port from the idle loop
// thread's m_park_fd for as long as it drives, so that the loop thread
// sleeps through the events that thread handles, and puts it back when
// done: if events are left, the loop thread wakes at once.

#include <mp/event-loop.h>

#include "driven-loop.h"
#include "loop-port.h"

#include <mp/thread-context.h>
#include <mp/util.h>

#include <sys/epoll.h>

namespace mp {

constinit thread_local EventLoop* t_driven_loop = nullptr;

namespace {

//! Set once a LoopDriver found that this thread has a kj event loop of its
//! own (it cannot enter a second one).
thread_local bool t_has_own_kj_loop = false;

//! See KeepDriver().
thread_local std::unique_ptr<LoopDriver> t_kept_driver;

} // namespace

void EventLoop::holdOnOwnThread()
{
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_driving.driven = m_driving.by_loop_thread = true;
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
    m_driving.driven = m_driving.by_loop_thread = false;
    m_drive_cv.notify_all();
}

bool EventLoop::startDriving()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    // The loop thread holds the loop only for a short turn (it never waits
    // inside it): wait for the turn to end rather than hand this thread's
    // work to it. Otherwise a thread that calls again right after its reply
    // would keep finding the loop thread busy with the previous one.
    m_drive_cv.wait(lock, [&] { return !m_driving.by_loop_thread || m_lifetime.exit_requested; });
    if (m_driving.driven || m_lifetime.finished || m_lifetime.exit_requested || !m_work.loop_thread.empty()) {
        return false;
    }
    m_driving.driven = true;
    addClient(lock);
    watchPortLocked(false);
    return true;
}

void EventLoop::stopDriving()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_driving.driven = false;
    m_drive_cv.notify_all();
    watchPortLocked(true);
    removeClient(lock);
}

void EventLoop::watchPortLocked(bool watch)
{
    if (m_driving.port_watched == watch) return;
    m_driving.port_watched = watch;
    epoll_event event{};
    event.events = watch ? static_cast<uint32_t>(EPOLLIN) : 0U;
    // Re-adding it makes epoll look at the port again: if events are
    // waiting, the loop thread wakes now.
    epoll_ctl(m_park_fd, EPOLL_CTL_MOD, m_port->epollFd(), &event);
}

void EventLoop::wakeDrivingWaiter()
{
    if (m_driving_waiter) m_driving_waiter->wakeFromLoop();
}

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
    ScopeExit stop_waiting([&] {
        waiter.disarmLoopWake();
        m_loop.m_driving_waiter = nullptr;
    });
    // Work only the loop thread may do (a served call to a method without a
    // Context) makes this thread let go of the loop. Such work arriving
    // after the check wakes the sleep below (runOnLoopThread).
    while (!m_loop.loopThreadWorkPending()) {
        // The Waiter fulfils this when done() may have changed or a function
        // is posted (on this thread: only the thread driving the loop runs
        // the events that do it).
        auto wake = kj::newPromiseAndFulfiller<void>();
        if (!waiter.armLoopWake([&] { return done(); }, *wake.fulfiller, m_loop)) {
            // Settle the promise before the pair is dropped: a fulfiller
            // destroyed while its promise waits rejects it, and kj builds
            // that exception with a stack trace (backtrace(), some
            // microseconds: it was on every call).
            wake.fulfiller->fulfill();
            break;
        }
        wake.promise.wait(*m_scope);
        waiter.disarmLoopWake();
    }
    // Run what the reply (or the posted function) set off and is ready to
    // run now, without waiting for I/O, so that this thread does not leave
    // it to the loop thread and wake it for it (see ~LoopDriver).
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

} // namespace mp
