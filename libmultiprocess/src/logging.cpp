// EventLoop's log and trace lines: levels, the thread-name prefix, and the
// hand-off to the application's LogFn.

#include <mp/event-loop.h>

#include <mp/thread-context.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace mp {

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

} // namespace mp
