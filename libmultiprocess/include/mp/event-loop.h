// EventLoop: the Cap'n Proto (kj) event loop of a process (or of a part of
// it), which owns all Cap'n Proto state: sockets, connections,
// capabilities, in-flight calls. Other threads hand it work with
// post()/sync() and wait for the results; when no thread is running it,
// a thread that needs it runs it itself (LoopDriver).

#ifndef MP_EVENT_LOOP_H
#define MP_EVENT_LOOP_H

#include <mp/util.h>

#include <kj/async-io.h>
#include <kj/async.h>
#include <kj/function.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace mp {

class Connection;
class EventLoop;
class FdWatch;
class LoopPort;
class ReleaseThread;
class Waiter;
class WorkerThreads;

//! Receives the library's log messages. When raise is true the message
//! describes an error the library cannot recover from, and the function may
//! throw it as an exception.
using LogFn = std::function<void(bool raise, std::string message)>;

//! kj's I/O providers for one EventLoop (see EventLoop::m_io_context).
//!
//! The same members as kj::AsyncIoContext (the type of the original
//! library's m_io_context) minus its waitScope and unixEventPort: no thread
//! holds a WaitScope for the loop's whole life here (threads take turns
//! running it, see LoopDriver), and the event port is the library's own
//! (src/loop-port.h), not kj's UnixEventPort. Both providers create objects
//! that belong to the loop: use them on the loop thread only.
struct LoopIoContext
{
    //! Wraps file descriptors (sockets, pipes, listening and connecting
    //! sockets) as kj streams on the loop's event port; getTimer() is the
    //! loop's timer.
    kj::Own<kj::LowLevelAsyncIoProvider> lowLevelProvider;
    //! kj's own high-level provider on top of it: pipes, the network
    //! (TCP and Unix addresses), the timer.
    kj::Own<kj::AsyncIoProvider> provider;
};

//! Severity of a log message. Messages below the loop's level are dropped
//! before they are formatted.
enum class LogLevel { Trace = 0, Debug = 1, Info = 2, Warning = 3, Error = 4 };

//! The level the MP_LOG_LEVEL environment variable names (trace, debug,
//! info, warning, error); Info if it is unset or names none of them.
LogLevel LogLevelFromEnvironment();

//! Collects one log line with operator<< and hands it to the loop's LogFn
//! when destroyed, prefixed with the process and thread name.
class Logger
{
public:
    Logger(EventLoop* loop, bool enabled) : m_loop(loop), m_enabled(enabled) {}
    Logger(Logger&& other) noexcept;
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;
    ~Logger();

    template <typename T>
    Logger& operator<<(T&& value)
    {
        if (m_enabled) m_buffer << std::forward<T>(value);
        return *this;
    }

private:
    EventLoop* m_loop;
    bool m_enabled;
    std::ostringstream m_buffer;
};

//! Runs a Cap'n Proto (kj) event loop and everything attached to it.
//!
//! Threading contract: construct the EventLoop on the thread that will call
//! loop(); that is "the loop thread". Every Cap'n Proto object the library
//! creates (connections, capabilities, requests) belongs to the loop and is
//! touched only by the thread running it. Any thread may call post(),
//! sync() and queue(), and hold an EventLoopRef.
//!
//! Ownership: the loop owns its event port and kj loop, its task set, the
//! connections it serves (m_incoming_connections, until their peer goes),
//! its release thread and its worker threads. It does not own a connection
//! made with ConnectStream (the init ProxyClient returned owns that), nor
//! what m_context points to (the application's).
//!
//! Who runs the loop: one thread at a time holds the right to run the
//! loop's events ("drives" it). The loop thread takes it whenever the loop
//! has work and nobody else holds it, and otherwise sleeps without it. A
//! thread that needs the loop (to send a call and wait for the reply, to
//! post a function, to hand back a served call's result) takes it too if it
//! is free (see LoopDriver), so the common call needs no hand-off to the
//! loop thread and back: the calling thread writes the request, sleeps in
//! epoll until the reply arrives and reads it, as a single-threaded Cap'n
//! Proto client would. If another thread drives the loop, work is queued for
//! that thread as before. Code that runs "on the loop thread" (onLoopThread()
//! is true) therefore runs on whichever thread drives the loop at the time.
//!
//! Outside loop() (after construction, before loop() is called, and after
//! it returns) the loop's own thread holds the loop: onLoopThread() is true
//! there, so it may create connections and proxies directly, as a program
//! written for the original library does. Other threads' post() and calls
//! wait until loop() runs, and so does an interface's `construct` call made
//! by a client created there (see ProxyClientLifetime::canCallRemote). Inside
//! loop() the loop goes to whichever thread needs it.
//!
//! Lifetime: loop() returns once the number of clients (ProxyClient objects
//! whose connection is still open, open connections, listeners, posted
//! functions still to run, mapped worker threads, served objects waiting to
//! be released, threads driving the loop) drops back to zero. A ProxyClient
//! whose connection has gone no longer counts: it may outlive the loop, and
//! its calls throw DisconnectedError. shutdown() closes everything the loop
//! serves so that loop() can return. Destroy the EventLoop on the loop
//! thread after loop() returns.
class EventLoop : private kj::TaskSet::ErrorHandler
{
    // Private, and declared first so that they are made before and
    // destroyed after every member below, which runs on them.

    //! Thread that constructed the loop and runs loop().
    std::thread::id m_thread_id;
    //! The epoll event port and the kj event loop that runs on it.
    std::unique_ptr<LoopPort> m_port;
    std::unique_ptr<kj::EventLoop> m_kj_loop;

public:
    EventLoop(const char* exe_name, LogFn log_fn, void* context = nullptr);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    //! Serves the event loop on the calling thread (which must be the thread
    //! that constructed it) until nothing references it any more: runs its
    //! events whenever it has some and no other thread is running them.
    void loop();

    //! Runs fn as the loop thread and waits for it to finish: on the calling
    //! thread if no other thread is running the loop (or this one is),
    //! otherwise on the thread that is. Exceptions thrown by fn are rethrown
    //! to the caller. Throws std::logic_error, without running fn, once
    //! nothing refers to the loop any more (loop() is returning or has
    //! returned): fn would never run.
    void post(const std::function<void()>& fn);

    //! Same as post(), for any callable.
    template <typename Callable>
    void sync(Callable&& callable)
    {
        post(std::ref(callable));
    }

    //! Queues fn to run on the loop thread and returns at once. The loop stays
    //! alive until fn has run. fn must not throw. Throws std::logic_error,
    //! like post(), once loop() is returning or has returned.
    void queue(std::function<void()> fn);

    //! True when the calling thread is running this loop's events now (the
    //! loop thread inside loop(), or a thread driving it: see LoopDriver).
    bool onLoopThread() const;

    //! True on the thread that constructed the loop (and runs loop()).
    bool onOwnThread() const;

    //! The worker thread this loop last handed a served call to, as its
    //! Waiter; null once the loop thread served a call itself. While it is
    //! idle, that worker waits for its next call inside the loop (drives
    //! it), so that the call wakes it directly instead of waking the loop
    //! thread, which would then wake it: consecutive calls from one client
    //! thread are the common pattern. A call for the loop thread that such a
    //! worker receives is handed over (runOnLoopThread), and the worker stops
    //! waiting in the loop. While it waits in the loop, a call handed to
    //! another worker does not take its place, unless calls keep going
    //! elsewhere. setHotWaiter: loop thread (the driving thread).
    bool isHotWaiter(const Waiter* waiter) const { return m_hot_waiter.load(std::memory_order_relaxed) == waiter; }
    void setHotWaiter(Waiter* waiter);

    //! Runs fn on the loop thread itself, during its next turn, whichever
    //! thread drives the loop now (a thread driving it lets go so that the
    //! loop thread can run fn). For what the threading contract promises
    //! happens on the event loop thread: post(), and served calls to methods
    //! without a Context. fn must not throw. Any thread.
    void runOnLoopThread(std::function<void()> fn);

    //! Makes a stream of a connected socket for this loop; takes ownership
    //! of fd. Loop thread.
    kj::Own<kj::AsyncIoStream> wrapSocket(int fd);
    //! Makes an accepting receiver of a listening socket for this loop;
    //! takes ownership of fd. Loop thread.
    kj::Own<kj::ConnectionReceiver> wrapListenSocket(int fd);

    //! Shuts this loop's IPC down so that loop() can return while calls are
    //! in flight in either direction:
    //!  - stops every ListenConnections listener (closes its socket);
    //!  - disconnects every connection of the loop, served or made with
    //!    ConnectStream, as if each peer had gone away. Calls waiting for a
    //!    reply fail at once with DisconnectedError ("... IPC peer
    //!    disconnected (this process is shutting down)"), and so do calls
    //!    made later on any proxy. Requests being served are cancelled: a
    //!    worker thread already running one in the implementation finishes
    //!    it (its result is dropped) and then exits; served objects are
    //!    released on the release thread;
    //!  - refuses new connections (ConnectStream throws, ServeStream and
    //!    accepted sockets are closed).
    //! loop() then returns once those worker threads have returned from the
    //! implementation and the objects are released (an implementation that
    //! never returns keeps it waiting). Any thread; idempotent. From other
    //! threads it waits until the connections are closed; on the loop thread
    //! it queues the work and returns.
    void shutdown();

    //! True once shutdown() has been called.
    bool shuttingDown() const { return m_shutting_down.load(std::memory_order_acquire); }

    //! Drops `object` (a reference to a served object whose peer released it
    //! or went away) on the loop's release thread rather than the calling
    //! thread, so that its destructor may block or make IPC calls without
    //! stalling the loop. Objects are released one at a time, in the order
    //! given; loop() does not return until all are, and joins the thread.
    //! After loop() has returned, drops it at once on the calling thread.
    //! Any thread.
    void releaseOffLoop(std::shared_ptr<void> object);

    //! Runs fn on a new thread that the loop joins before loop() returns
    //! (worker threads made for peers), so no library thread outlives the
    //! loop, even in its thread-local destructors. Any thread.
    void startWorker(std::function<void()> fn);

    //! Sets the level below which messages are dropped (also read from the
    //! MP_LOG_LEVEL environment variable: trace, debug, info, warning,
    //! error). Any thread.
    void setLogLevel(LogLevel level) { m_log_level.store(level, std::memory_order_relaxed); }

    //! True when each IPC call is traced (level Trace): client send, server
    //! receive, server reply, client receive. One relaxed load: the only
    //! cost of tracing when it is off.
    bool traceEnabled() const { return m_log_level.load(std::memory_order_relaxed) == LogLevel::Trace; }

    //! Log a message at the given level (default Info).
    Logger log(LogLevel level = LogLevel::Info) { return Logger(this, level >= m_log_level); }
    //! Passes message to the log function with raise=true, then throws it as
    //! std::runtime_error if the log function did not throw.
    [[noreturn]] void raise(const std::string& message);
    //! Formats a message with the thread name prefix and passes it on.
    void writeLog(bool raise, const std::string& message);

    //! Messages below this level are dropped (default Info; MP_LOG_LEVEL in
    //! the environment can set it: trace, debug, info, warning, error).
    std::atomic<LogLevel> m_log_level{LogLevel::Info};

    //! Name of the executable, used in thread names and log messages.
    const char* m_exe_name;

    //! kj's I/O providers on this loop's event port, as the original
    //! library's EventLoop offers them: m_io_context.provider->
    //! newTwoWayPipe(), getNetwork(), getTimer(). Loop thread only.
    LoopIoContext m_io_context;

    //! Log function given to the constructor.
    LogFn m_log_fn;

    //! Opaque pointer for the application's use (e.g. to find its own state
    //! from custom type conversions). Not owned: the loop never reads,
    //! copies or deletes what it points to; the application keeps that alive
    //! for as long as its conversions may run.
    void* m_context;

    //! Detached promises run by the loop (their errors are logged).
    kj::Own<kj::TaskSet> m_task_set;

    //! Connections accepted by ServeStream/ListenConnections, owned by the
    //! loop until they disconnect.
    std::list<std::unique_ptr<Connection>> m_incoming_connections;

    //! Every live connection of this loop, served or client side (each
    //! Connection adds and removes itself), for shutdown(). Loop thread.
    std::list<Connection*> m_connections;

    //! Stop functions of the running ListenConnections listeners (each
    //! listener adds and removes its own), for shutdown(). Loop thread.
    std::list<std::function<void()>> m_listener_stops;

private:
    friend class EventLoopRef;
    friend class LoopDriver;
    friend class Waiter;

    // The implementation is split by job: this file's functions are in
    // src/event-loop.cpp (lifetime, handing work to the loop, shutdown),
    // src/loop-driver.cpp (who drives the loop), src/logging.cpp (log and
    // trace lines); the release thread and the worker threads are classes
    // of their own (src/release-thread.h, src/worker-threads.h).

    void taskFailed(kj::Exception&& exception) override;

    // ---- Lifetime (event-loop.cpp) ----

    //! Throws std::logic_error (naming what) if loop() has returned or is
    //! returning: it would never run work handed to it. Caller holds m_mutex.
    void throwIfNotAcceptingWorkLocked(const char* what) const;
    //! Reference counting of the loop's users (see EventLoopRef): loop()
    //! returns once the last one has gone. lock holds m_mutex.
    void addClient(std::unique_lock<std::mutex>& lock);
    void removeClient(std::unique_lock<std::mutex>& lock);

    // ---- Work handed to the loop (event-loop.cpp) ----

    //! Waits for the wake-up descriptor, runs queued functions, repeats.
    kj::Promise<void> runQueuedLoop();
    void runQueued();
    //! Wakes the loop thread; the caller holds m_mutex.
    void wakeLocked();
    //! Runs what runOnLoopThread() queued. Loop thread itself.
    void runLoopThreadWork();
    //! True if runOnLoopThread() work is waiting. Any thread.
    bool loopThreadWorkPending();
    //! shutdown()'s work, on the loop thread.
    void shutdownOnLoop();

    // ---- Who drives the loop (loop-driver.cpp) ----

    //! The own thread's hold on the loop outside loop() (see the class
    //! comment): enter the loop on this thread and mark it driven; and
    //! give it back.
    void holdOnOwnThread();
    void releaseOwnThreadHold();
    //! Takes the right to run the loop for the calling thread (not the loop
    //! thread's own turns: see loop()). False if another thread has it or
    //! the loop has finished. The driving thread counts as a client.
    bool startDriving();
    //! Gives it back.
    void stopDriving();
    //! Whether the idle loop thread watches the event port (it does not
    //! while another thread drives the loop, so it does not wake for events
    //! that thread handles). Caller holds m_mutex.
    void watchPortLocked(bool watch);
    //! Makes the thread driving the loop stop waiting if it waits for
    //! m_driving_waiter (see Waiter::wakeFromLoop). Loop thread.
    void wakeDrivingWaiter();

    //! One lock for the state below that several threads share. One, not
    //! one per group: whether a thread may take the loop depends on all
    //! three groups at once (startDriving reads the lifetime and the work
    //! queues), and so does the loop thread's decision to sleep or exit.
    std::mutex m_mutex;

    //! Lifetime: who refers to the loop (guarded by m_mutex).
    struct Lifetime
    {
        int clients{0};
        //! Set when the count drops to zero (a loop starts with none and
        //! waits for its first).
        bool last_client_gone{false};
        //! Set once the last client has gone while loop() runs; loop()
        //! then returns.
        bool exit_requested{false};
        bool running{false};  // inside loop()
        bool finished{false}; // loop() has returned: post() and queue() throw
    } m_lifetime;

    //! Work handed to the loop (guarded by m_mutex).
    struct Work
    {
        //! queue()d functions, and whether m_wake_fd is signalled for them.
        std::vector<std::function<void()>> queued;
        bool wake_pending{false};
        //! runOnLoopThread() work, and whether m_loop_thread_wake_fd is
        //! signalled for it.
        std::vector<std::function<void()>> loop_thread;
        bool loop_thread_wake_pending{false};
    } m_work;

    //! Who drives the loop (guarded by m_mutex).
    struct Driving
    {
        //! True while some thread runs the loop's events; and whether that
        //! is the loop thread's own turn (see startDriving).
        bool driven{false};
        bool by_loop_thread{false};
        //! Whether m_park_fd holds the event port (see watchPortLocked).
        bool port_watched{true};
    } m_driving;
    //! Notified when a thread stops driving the loop, and when loop() is
    //! asked to exit.
    std::condition_variable m_drive_cv;

    //! The own thread's WaitScope while it holds the loop outside loop().
    std::unique_ptr<kj::WaitScope> m_own_thread_scope;
    //! eventfd announcing m_work.queued, and its watch in the event port.
    int m_wake_fd{-1};
    std::unique_ptr<FdWatch> m_wake_watch;
    //! The loop of queued functions (runQueuedLoop).
    kj::Promise<void> m_queued_loop{nullptr};
    //! eventfd announcing m_work.loop_thread to the loop thread itself.
    int m_loop_thread_wake_fd{-1};
    //! epoll descriptor the idle loop thread sleeps on: holds the event
    //! port's descriptor, watched only while no other thread drives.
    int m_park_fd{-1};
    //! The Waiter of the thread driving the loop while it waits in
    //! LoopDriver::runUntil. Loop thread.
    Waiter* m_driving_waiter{nullptr};
    //! See isHotWaiter().
    std::atomic<Waiter*> m_hot_waiter{nullptr};
    //! Calls handed to other workers in a row while the hot worker waited in
    //! the loop (see setHotWaiter). Loop thread.
    int m_hot_passed_over{0};

    std::atomic<bool> m_shutting_down{false};

    //! See releaseOffLoop() and startWorker().
    std::unique_ptr<ReleaseThread> m_release_thread;
    std::unique_ptr<WorkerThreads> m_workers;
};

//! The right to run an EventLoop's events on the calling thread, taken on
//! construction if no other thread is running them, and given back on
//! destruction (events still to run are left to the loop thread, which is
//! woken for them).
//!
//! While it is held, the thread is the loop thread (onLoopThread() is true),
//! and anything it does with the loop's objects needs no hand-off. This is
//! what makes a call cheap: the calling thread builds and sends the request
//! and waits in epoll for the reply itself. Not taken (false) when another
//! thread is driving the loop, when this thread already drives one, when
//! this thread has a kj event loop of its own (e.g. a plain Cap'n Proto
//! client), or once the loop has finished.
class LoopDriver
{
public:
    explicit LoopDriver(EventLoop& loop);
    ~LoopDriver();
    LoopDriver(const LoopDriver&) = delete;
    LoopDriver& operator=(const LoopDriver&) = delete;

    //! True if this thread now drives the loop.
    explicit operator bool() const { return m_scope.has_value(); }

    //! Runs the loop until done() is true or a function has been posted to
    //! waiter (the caller runs those itself, outside the loop: they may make
    //! IPC calls of their own). done() is evaluated under the waiter's
    //! lock (see Waiter::update). Only when driving.
    void runUntil(Waiter& waiter, kj::FunctionParam<bool()> done);

    //! Runs the events that are ready now, without waiting for more (e.g.
    //! the continuation of a promise this thread has just fulfilled). Only
    //! when driving.
    void poll();

    EventLoop& loop() const { return m_loop; }

private:
    EventLoop& m_loop;
    std::optional<kj::WaitScope> m_scope;
};

//! Lets the calling thread keep driving the loop after `driver` goes out of
//! scope, until its Waiter next decides what to do: a worker that has just
//! sent a served call's reply and goes back to waiting in the loop for its
//! next call then keeps the loop, rather than give it back and take it
//! again (which costs two epoll_ctl calls and a look at the loop thread).
//! The Waiter gives it back (ReleaseKeptDriver) before it runs a function
//! or sleeps, so the thread never runs application code or blocks while
//! holding it.
void KeepDriver(std::unique_ptr<LoopDriver> driver);

//! Writes one trace line for an IPC call (call only when
//! loop.traceEnabled()): event is "client send", "server recv", "server
//! reply" or "client recv"; thread_name the client thread making the call
//! (may be null); rendering the capnp params or results, shortened to about
//! 200 characters.
void TraceCall(EventLoop& loop, const char* event, const char* method_name, const std::string* thread_name,
               kj::StringPtr rendering);

//! Holds a reference to an EventLoop (keeps loop() running) for as long as
//! it exists.
class EventLoopRef
{
public:
    explicit EventLoopRef(EventLoop& loop);
    EventLoopRef(EventLoopRef&& other) noexcept : m_loop(other.m_loop) { other.m_loop = nullptr; }
    EventLoopRef(const EventLoopRef&) = delete;
    EventLoopRef& operator=(const EventLoopRef&) = delete;
    ~EventLoopRef() { reset(); }
    void reset();
    EventLoop* get() const { return m_loop; }
    EventLoop& operator*() const { return *m_loop; }
    EventLoop* operator->() const { return m_loop; }

private:
    EventLoop* m_loop;
};

} // namespace mp

#endif // MP_EVENT_LOOP_H
