#include "logging.h"

#include <mp/event-loop.h>

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace mpsample {
namespace {

std::atomic<Level> g_level{Level::Info};
std::atomic<bool> g_library_warnings{false};
std::string g_program = "mpsample";
std::mutex g_output_mutex;

const char* LevelName(Level level)
{
    switch (level) {
    case Level::Trace: return "trace";
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
    }
    return "?";
}

} // namespace

Level ParseLevel(const std::string& text)
{
    for (Level level : {Level::Trace, Level::Debug, Level::Info, Level::Warning, Level::Error}) {
        if (text == LevelName(level)) return level;
    }
    throw std::invalid_argument("unknown log level '" + text + "' (use trace, debug, info, warning or error)");
}

void SetLogLevel(Level level) { g_level = level; }
void ShowLibraryWarnings(bool show) { g_library_warnings = show; }
Level LogLevel() { return g_level; }
void SetProgramName(const std::string& name) { g_program = name; }

static void PrintLine(const char* label, const std::string& message)
{
    std::lock_guard<std::mutex> lock(g_output_mutex);
    fprintf(stderr, "%s %s: %s\n", g_program.c_str(), label, message.c_str());
    fflush(stderr);
}

void Log(Level level, const std::string& message)
{
    if (level < g_level.load()) return;
    PrintLine(LevelName(level), message);
}

void LibraryLog(bool raise, std::string message)
{
    // The library has already filtered by its own level.
    const bool asked_for_library_log = std::getenv("MP_LOG_LEVEL") != nullptr;
    // Below debug, ConfigureLibraryLog let only warnings and errors through.
    const bool shown_warning = g_library_warnings.load() && g_level.load() <= Level::Warning;
    if (raise || asked_for_library_log || shown_warning || g_level.load() <= Level::Debug) PrintLine("ipc", message);
    if (raise) throw std::runtime_error(message);
}

void ConfigureLibraryLog(mp::EventLoop& loop)
{
    if (std::getenv("MP_LOG_LEVEL")) return; // the library read it already
    switch (g_level.load()) {
    case Level::Trace: loop.setLogLevel(mp::LogLevel::Trace); break;
    case Level::Debug: loop.setLogLevel(mp::LogLevel::Debug); break;
    default: loop.setLogLevel(mp::LogLevel::Warning); break;
    }
}

} // namespace mpsample
