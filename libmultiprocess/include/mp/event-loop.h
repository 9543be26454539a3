// EventLoop: the one thread of a process (or of a part of it) that owns all
// Cap'n Proto state: sockets, connections, capabilities, in-flight calls.
// Other threads hand it work with post()/sync() and wait for the results.

#ifndef MP_EVENT_LOOP_H
#define MP_EVENT_LOOP_H

#include <mp/util.h>

#include <kj/async-io.h>
#include <kj/async-unix.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace mp {

class Connection;
class EventLoop;

//! Receives the library's log messages. When raise is true the message
//! describes an error the library cannot recover from, and the function may
//! throw it as an exception.
using LogFn = std::function<void(bool raise, std::string message)>;

//! Severity of a log message. Messages below the loop's level are dropped
//! before they are formatted.
enum class LogLevel { Trace = 0, Debug = 1, Info = 2, Warning = 3, Error = 4 };

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
//! loop(); that thread is "the loop thread". Every Cap'n Proto object the
//! library creates (connections, capabilities, requests) lives on it and is
//! touched only from it. Any thread may call post(), sync(), addClient() and
//! removeClient().
//!
//! Lifetime: loop() returns once the number of clients (ProxyClient objects
//! whose connection is still open, open connections, listeners, posted
//! functions still to run, mapped worker threads, served objects waiting to
//! be released) drops back to zero. A ProxyClient whose connection has gone
//! no longer counts: it may outlive the loop, and its calls throw
//! DisconnectedError. shutdown() closes everything the loop serves so that
//! loop() can return. Destroy the EventLoop on the loop thread after loop()
//! returns.
class EventLoop : private kj::TaskSet::ErrorHandler
{
public:
    EventLoop(const char* exe_name, LogFn log_fn, void* context = nullptr);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    //! Runs the event loop on the calling thread (which must be the thread
    //! that constructed it) until nothing references it any more.
    void loop();

    //! Runs fn on the loop thread and waits for it to finish. Exceptions
    //! thrown by fn are rethrown to the caller. Called on the loop thread
    //! itself, it just calls fn.
    void post(const std::function<void()>& fn);

    //! Same as post(), for any callable.
    template <typename Callable>
    void sync(Callable&& callable)
    {
        post(std::ref(callable));
    }

    //! Queues fn to run on the loop thread and returns at once. The loop stays
    //! alive until fn has run. fn must not throw. Throws if loop() has already
    //! returned.
    void queue(std::function<void()> fn);

    //! True when called on the loop thread.
    bool onLoopThread() const { return std::this_thread::get_id() == m_thread_id; }

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

    //! Reference counting of the loop's users; lock must hold m_mutex.
    void addClient(std::unique_lock<std::mutex>& lock);
    void removeClient(std::unique_lock<std::mutex>& lock);

    //! Log a message at the given level (default Info).
    Logger log(LogLevel level = LogLevel::Info) { return Logger(this, level >= m_log_level); }
    //! Log without the level check (for messages the user asked for).
    Logger logPlain() { return Logger(this, true); }
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

    //! Thread that constructed the loop and runs loop().
    std::thread::id m_thread_id;

    //! Cap'n Proto I/O: event port, async I/O provider, wait scope.
    kj::AsyncIoContext m_io_context;

    //! Log function given to the constructor.
    LogFn m_log_fn;

    //! Opaque pointer for the application's use (e.g. to find its own state
    //! from custom type conversions).
    void* m_context;

    //! Guards m_num_clients and the queue of posted functions.
    std::mutex m_mutex;

    //! Detached promises run by the loop (their errors are logged).
    kj::TaskSet m_task_set{*this};

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
    void taskFailed(kj::Exception&& exception) override;
    //! shutdown()'s work, on the loop thread.
    void shutdownOnLoop();
    //! Body of the release thread (see releaseOffLoop).
    void releaseThreadMain();
    //! Stops and joins the release thread (end of loop()).
    void stopReleaseThread();
    //! Joins worker threads that have returned (all of them if `all`).
    void joinWorkers(bool all);
    //! Waits for the wake-up descriptor, runs queued functions, repeats.
    kj::Promise<void> runQueuedLoop();
    void runQueued();
    //! Wakes the loop thread; the caller holds m_mutex.
    void wakeLocked();

    int m_wake_fd{-1};
    kj::Own<kj::UnixEventPort::FdObserver> m_wake_observer;
    std::vector<std::function<void()>> m_queued; // guarded by m_mutex
    int m_num_clients{0};                          // guarded by m_mutex
    bool m_wake_pending{false};                    // guarded by m_mutex
    bool m_last_client_gone{false};                // guarded by m_mutex
    bool m_running{false};                         // guarded by m_mutex
    bool m_finished{false};                        // guarded by m_mutex
    kj::Own<kj::PromiseFulfiller<void>> m_exit_fulfiller;
    std::atomic<bool> m_shutting_down{false};

    std::thread m_release_thread;                         // started on first use
    std::condition_variable m_release_cv;                 // with m_mutex
    std::deque<std::shared_ptr<void>> m_release_queue;    // guarded by m_mutex
    bool m_release_stopped{false};                        // guarded by m_mutex

    std::list<std::thread> m_workers;                              // guarded by m_mutex
    std::vector<std::list<std::thread>::iterator> m_exited_workers; // guarded by m_mutex
};

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
