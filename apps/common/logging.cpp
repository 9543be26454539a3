#include "logging.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <stdexcept>

namespace mpsample {
namespace {

std::atomic<Level> g_level{Level::Info};
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
Level LogLevel() { return g_level; }
void SetProgramName(const std::string& name) { g_program = name; }

void Log(Level level, const std::string& message)
{
    if (level < g_level.load()) return;
    std::lock_guard<std::mutex> lock(g_output_mutex);
    fprintf(stderr, "%s %s: %s\n", g_program.c_str(), LevelName(level), message.c_str());
    fflush(stderr);
}

void LibraryLog(bool raise, std::string message)
{
    Log(raise ? Level::Error : Level::Debug, "ipc: " + message);
    if (raise) throw std::runtime_error(message);
}

} // namespace mpsample
