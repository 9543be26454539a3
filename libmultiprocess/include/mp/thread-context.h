// Per-thread state: the Waiter that lets other threads run functions on a
// thread while it waits for an IPC reply, and the thread's links to each
// connection (which remote thread runs its calls, which local capability
// stands for it as a callback target).

#ifndef MP_THREAD_CONTEXT_H
#define MP_THREAD_CONTEXT_H

#include <mp/proxy.capnp.h>

#include <kj/async.h>
#include <kj/function.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace mp {

class Connection;
class EventLoop;
class Waiter;

//! Runs loop's events on the calling thread until done() or a function is
//! posted to waiter, if no other thread runs them (see LoopDriver). Returns
//! false, without waiting, if it could not drive the loop.
bool DriveLoopUntil(EventLoop& loop, Waiter& waiter, kj::FunctionParam<bool()> done);

//! True if waiter belongs to the worker thread loop last handed a call to
//! (see EventLoop::isHotWaiter).
bool IsHotWaiter(EventLoop& loop, Waiter& waiter);

//! True while the calling thread keeps driving a loop between sending a
//! served call's reply and waiting for its next call (see KeepDriver in
//! mp/event-loop.h); ReleaseKeptDriver() gives the loop back.
bool HoldsKeptDriver();
void ReleaseKeptDriver();

//! Polls wakes for a short while before the caller sleeps (see SpinWait in
//! src/spin-wait.h): true if it changed from seen meanwhile.
bool SpinUntilChanged(const std::atomic<uint32_t>& wakes, uint32_t seen);

//! Lets other threads run functions on one thread while that thread waits.
//!
//! A client thread blocked in an IPC call waits on its Waiter; a callback
//! that the server makes during the call is posted to the same Waiter and so
//! runs on the waiting thread, as a local callback would. Server worker
//! threads (one per mapped client thread) spend their life waiting on theirs.
//! Once the thread exits, the Waiter is closed and post() refuses work.
//!
//! What a waiting thread waits for is state of the caller's (a `done` flag,
//! say) that other threads change through update(): the Waiter's mutex
//! guards it, so the predicate never sees half a change and no wake-up is
//! lost. The mutex is the Waiter's own: no caller takes it.
//!
//! A thread that waits for an IPC reply may run the event loop itself
//! meanwhile (LoopDriver::runUntil); it then sleeps in the loop, not on the
//! condition variable, and update() and post() wake it there (see "Waiting
//! inside the loop" below).
class Waiter
{
public:
    //! Queues fn to run on the thread that waits on this Waiter, and wakes
    //! it. Any thread may call this. Returns false (and drops fn) if the
    //! thread has exited.
    bool post(std::function<void()> fn) { return postIf(std::move(fn), /*only_while_waiting=*/false); }

    //! Same, but only while the owning thread waits for a reply (between
    //! beginWait() and endWait()): false, and fn dropped, otherwise. A
    //! thread that is not a worker runs posted functions only while it
    //! waits; a function posted with this runs during the current wait, or
    //! is refused, or (posted as the wait ends) dropped: never left queued.
    bool postIfWaiting(std::function<void()> fn) { return postIf(std::move(fn), /*only_while_waiting=*/true); }

    //! Runs change() (which sets what the owning thread's predicate reads)
    //! under the Waiter's lock, then wakes the owning thread so that it
    //! evaluates its predicate again. Any thread.
    template <typename Change>
    void update(Change&& change)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        change();
        notify();
    }

    //! Waits until pred() returns true, running posted functions meanwhile.
    //! Called only by the owning thread. pred is evaluated under the
    //! Waiter's lock (so it may read what update() changes), posted functions
    //! without it. With a drive_loop (the loop that will make pred true),
    //! the thread runs that loop's events itself while it waits whenever no
    //! other thread does; with only_if_hot (an idle server worker), only
    //! while it is the worker that loop last handed a call to.
    template <typename Predicate>
    void waitUntil(Predicate pred, EventLoop* drive_loop = nullptr, bool only_if_hot = false)
    {
        WaitingScope waiting(*this);
        std::unique_lock<std::mutex> lock(m_mutex);
        waitLoop(lock, pred, drive_loop, only_if_hot);
    }

    //! Marks the owning thread as waiting for a reply from beginWait() to
    //! the matching endWait(): ClientCall::run brackets a whole call with
    //! them (the thread may wait driving the loop, then in waitUntil()), and
    //! waitUntil() does too. postIfWaiting() accepts functions only in
    //! between; any still queued at the outermost endWait() (posted after
    //! the last look) are dropped, so none is left behind for a thread that
    //! may never wait again. Owning thread only.
    void beginWait()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_wait_depth;
    }
    void endWait()
    {
        std::deque<std::function<void()>> dropped; // destroyed after the lock is released
        std::lock_guard<std::mutex> lock(m_mutex);
        if (--m_wait_depth == 0) dropped.swap(m_posted);
    }
    //! beginWait() and endWait() for a scope.
    class WaitingScope
    {
    public:
        explicit WaitingScope(Waiter& waiter) : m_waiter(waiter) { m_waiter.beginWait(); }
        ~WaitingScope() { m_waiter.endWait(); }
        WaitingScope(const WaitingScope&) = delete;
        WaitingScope& operator=(const WaitingScope&) = delete;

    private:
        Waiter& m_waiter;
    };

    //! Refuses further posts and drops queued functions (called when the
    //! owning thread exits).
    void close()
    {
        std::deque<std::function<void()>> dropped;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_closed = true;
            dropped.swap(m_posted);
        }
    }

    //! Waiting inside the loop (LoopDriver::runUntil, on the owning thread,
    //! which drives `loop`): the thread sleeps in the loop until `wake` is
    //! fulfilled, which update(), post() and wakeFromLoop() do.
    //!
    //! armLoopWake() registers `wake` unless there is no need to sleep:
    //! false (nothing registered) if done() is true or functions are posted.
    //! done() is evaluated under the Waiter's lock. disarmLoopWake() forgets
    //! `wake` after the sleep.
    bool armLoopWake(kj::FunctionParam<bool()> done, kj::PromiseFulfiller<void>& wake, EventLoop& loop);
    void disarmLoopWake();
    //! Fulfils the registered wake, if any. Only on the thread driving the
    //! loop it was registered for (the promise belongs to that loop).
    void wakeFromLoop();

private:
    bool postIf(std::function<void()> fn, bool only_while_waiting)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_closed || (only_while_waiting && m_wait_depth == 0)) return false;
            m_posted.push_back(std::move(fn));
            m_wakes.fetch_add(1, std::memory_order_release);
            if (m_drive_wake) wakeDriver();
        }
        m_cv.notify_all();
        return true;
    }

    //! The body of waitUntil(); returns, with lock held, once pred() is true
    //! and nothing is posted.
    template <typename Predicate>
    void waitLoop(std::unique_lock<std::mutex>& lock, Predicate& pred, EventLoop* drive_loop, bool only_if_hot)
    {
        while (true) {
            if (HoldsKeptDriver() &&
                (!m_posted.empty() || pred() || !drive_loop || (only_if_hot && !IsHotWaiter(*drive_loop, *this)))) {
                // This thread still drives the loop after sending a reply,
                // expecting to wait in it next; it will not: give the loop
                // back before running anything or sleeping.
                lock.unlock();
                ReleaseKeptDriver();
                lock.lock();
                continue;
            }
            if (!m_posted.empty()) {
                auto fn = std::move(m_posted.front());
                m_posted.pop_front();
                lock.unlock();
                fn();
                // Destroy the function (and what it captured) before taking the
                // lock again: a captured proxy's destructor may itself make a
                // call that waits on this Waiter.
                fn = nullptr;
                lock.lock();
                continue;
            }
            if (pred()) return;
            if (drive_loop && (!only_if_hot || IsHotWaiter(*drive_loop, *this))) {
                lock.unlock();
                bool drove = DriveLoopUntil(*drive_loop, *this, [&] {
                    return pred() || (only_if_hot && !IsHotWaiter(*drive_loop, *this));
                });
                lock.lock();
                // Look again before sleeping: an update() that came while the
                // lock was released found no one to wake.
                if (drove || !m_posted.empty() || pred()) continue;
            }
            // What wakes this thread usually comes soon: poll for it briefly
            // before sleeping.
            const uint32_t seen = m_wakes.load(std::memory_order_relaxed);
            lock.unlock();
            SpinUntilChanged(m_wakes, seen);
            lock.lock();
            if (m_wakes.load(std::memory_order_relaxed) != seen) continue;
            m_cv.wait(lock);
        }
    }

    //! Wakes the owning thread so it re-evaluates its predicate. Caller
    //! holds m_mutex.
    void notify()
    {
        m_wakes.fetch_add(1, std::memory_order_release);
        if (m_drive_wake) wakeDriver();
        m_cv.notify_all();
    }

    //! Wakes the owning thread from LoopDriver::runUntil. Caller holds m_mutex.
    void wakeDriver();

    std::mutex m_mutex;
    std::condition_variable m_cv;
    //! Counts post() and notify() calls, so that the owning thread can poll
    //! it for a moment before it sleeps on m_cv.
    std::atomic<uint32_t> m_wakes{0};
    std::deque<std::function<void()>> m_posted;
    bool m_closed{false};
    //! Open beginWait() calls of the owning thread (they nest: a posted
    //! function may make an IPC call). Guarded by m_mutex.
    int m_wait_depth{0};

    //! While the owning thread sleeps inside a loop (armLoopWake): the
    //! fulfiller that wakes it, which thread that is, and which loop's
    //! promise it is. Guarded by m_mutex.
    kj::PromiseFulfiller<void>* m_drive_wake{nullptr};
    std::thread::id m_drive_thread;
    EventLoop* m_drive_loop{nullptr};
};

//! One thread's state on one connection. Shared between the thread's
//! ThreadContext and the Connection's list so that whichever of the two goes
//! first can detach it from the other.
//!
//! The capabilities are created, used and destroyed only on the connection's
//! event loop thread.
struct ThreadLink
{
    //! Guards connection, which the loop thread clears when the connection
    //! is destroyed and the owning thread reads when it exits.
    std::mutex mutex;
    Connection* connection;

    //! The thread in the peer process that runs this thread's calls that
    //! carry a Context (made once with the peer's ThreadMap.makeThread).
    std::optional<Thread::Client> remote_thread;

    //! A capability for this thread itself, sent as Context.callbackThread
    //! so the peer can run callbacks on this thread while it waits.
    std::optional<Thread::Client> callback_thread;

    //! While this thread runs a request that came in over this connection:
    //! the caller's callbackThread, so calls this thread makes back over the
    //! same connection run on the waiting caller thread. Set and cleared by
    //! the owning thread; read on the loop thread while the owner waits.
    Thread::Client* caller_thread{nullptr};

    //! For a server thread mapped to a client thread: the callbackThread of
    //! the last request it ran over this connection, kept between requests.
    //! Holding it keeps Cap'n Proto's import of that capability alive:
    //! otherwise every request imports it anew and its end sends the peer a
    //! Release message, which the peer reads and then exports the capability
    //! again for the next call. Released when a request brings another one,
    //! when the thread ends and when the connection goes; pool threads keep
    //! none. Loop thread (see KeepCaller in src/server-call.cpp).
    std::optional<Thread::Client> kept_caller;
    //! Requests since kept_caller was last dropped: it is dropped now and then
    //! because Cap'n Proto counts each receipt of an imported capability in a
    //! 32-bit counter that only a Release resets.
    uint32_t kept_caller_uses{0};

    //! Drops the capabilities this link holds. Loop thread.
    void releaseCapabilities()
    {
        remote_thread.reset();
        callback_thread.reset();
        kept_caller.reset();
    }

    explicit ThreadLink(Connection* c) : connection(c) {}
};

//! A thread's links to the connections it has used, keyed by connection.
//! Shared by the thread and the capabilities that stand for it, which may
//! outlive it. Used on loop threads (and by the thread when it exits).
class ThreadLinks
{
public:
    //! The link for a connection, created (and registered with the
    //! connection) if needed. Loop thread of that connection only.
    std::shared_ptr<ThreadLink> get(Connection& connection);
    //! Same, for a request the thread is to serve: null once detachAll()
    //! has run (the thread has ended), so that a peer naming a thread that
    //! is gone leaves no new link on its connection.
    std::shared_ptr<ThreadLink> getToServe(Connection& connection);

    //! Detaches all links (thread exit): each still-attached one is handed
    //! to its connection's loop to release its capabilities there.
    void detachAll();

private:
    //! get() and getToServe(); caller holds m_mutex.
    std::shared_ptr<ThreadLink> getLocked(Connection& connection);

    std::mutex m_mutex;
    std::map<Connection*, std::shared_ptr<ThreadLink>> m_links;
    //! Set by detachAll(). Guarded by m_mutex.
    bool m_detached{false};
};

//! Everything the library keeps per thread. Reached through
//! g_thread_context.
struct ThreadContext
{
    //! Name used in logs and given to threads made for this one in peers.
    //! Set it before the first call to choose it; default ThreadName().
    std::string thread_name;

    //! Created on first use; shared with the capability that represents
    //! this thread to peers (which may outlive the thread).
    std::shared_ptr<Waiter> waiter;

    //! This thread's links to connections.
    std::shared_ptr<ThreadLinks> links = std::make_shared<ThreadLinks>();

    //! Returns the waiter, creating it on first use.
    Waiter& getWaiter();

    //! Name to use for this thread, computing the default if none was set.
    const std::string& name(const char* exe_name);

    ~ThreadContext();
};

extern thread_local ThreadContext g_thread_context;

} // namespace mp

#endif // MP_THREAD_CONTEXT_H
