// EventLoop: the one thread of a process (or of a part of it) that owns all
// Cap'n Proto state: sockets, connections, capabilities, in-flight calls.
// Other threads hand it work with post()/sync() and wait for the results.

#ifndef MP_EVENT_LOOP_H
#define MP_EVENT_LOOP_H

#include <mp/util.h>

#include <kj/async-io.h>
#include <kj/async-unix.h>

#include <atomic>
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
//! Lifetime: loop() returns once the number of clients (live ProxyClient
//! objects, open connections, posted functions still to run, mapped worker
//! threads) drops back to zero. Destroy the EventLoop on the loop thread
//! after loop() returns.
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

private:
    void taskFailed(kj::Exception&& exception) override;
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
};

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
