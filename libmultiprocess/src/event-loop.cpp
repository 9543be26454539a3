// EventLoop: runs the kj event loop and the functions other threads post.
//
// Other threads push functions onto m_queued and wake the loop through an
// eventfd that the kj event port watches. The loop runs them in order.

#include <mp/event-loop.h>

#include <mp/connection.h>
#include <mp/thread-context.h>
#include <mp/util.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace mp {

namespace {

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
      m_io_context(kj::setupAsyncIo()),
      m_log_fn(std::move(log_fn)),
      m_context(context)
{
    m_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wake_fd < 0) throw std::system_error(errno, std::system_category(), "eventfd");
    m_wake_observer = kj::heap<kj::UnixEventPort::FdObserver>(m_io_context.unixEventPort, m_wake_fd,
                                                              kj::UnixEventPort::FdObserver::OBSERVE_READ);
    ThreadContext& thread = g_thread_context;
    if (thread.thread_name.empty()) thread.thread_name = ThreadName(exe_name);
}

EventLoop::~EventLoop()
{
    // Connections still open belong to this loop and must go first.
    m_incoming_connections.clear();
    m_wake_observer = nullptr;
    if (m_wake_fd >= 0) close(m_wake_fd);
}

void EventLoop::loop()
{
    if (!onLoopThread()) throw std::logic_error("EventLoop::loop() must run on the thread that constructed the loop");
    auto exit = kj::newPromiseAndFulfiller<void>();
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_exit_fulfiller = kj::mv(exit.fulfiller);
        m_running = true;
        // Functions posted before loop() started are waiting for a wake-up.
        wakeLocked();
    }
    kj::Promise<void> queued = runQueuedLoop().eagerlyEvaluate([this](kj::Exception&& e) {
        log(LogLevel::Error) << "EventLoop: queued function loop failed: " << e.getDescription().cStr();
    });
    exit.promise.wait(m_io_context.waitScope);
    std::unique_lock<std::mutex> lock(m_mutex);
    m_running = false;
    m_finished = true;
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
    queue([&] {
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
    const uint64_t one = 1;
    ssize_t written;
    do {
        written = write(m_wake_fd, &one, sizeof(one));
    } while (written < 0 && errno == EINTR);
}

kj::Promise<void> EventLoop::runQueuedLoop()
{
    return m_wake_observer->whenBecomesReadable().then([this] {
        uint64_t count;
        ssize_t ignored = read(m_wake_fd, &count, sizeof(count));
        (void)ignored;
        runQueued();
        return runQueuedLoop();
    });
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
    if (m_last_client_gone && m_num_clients == 0 && m_queued.empty() && m_exit_fulfiller) {
        m_exit_fulfiller->fulfill();
        m_exit_fulfiller = nullptr;
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
