// Log output shared by the sample programs: one line per message on stderr,
// with a level filter set by --log-level.

#ifndef MPSAMPLE_LOGGING_H
#define MPSAMPLE_LOGGING_H

#include <string>

namespace mp {
class EventLoop;
} // namespace mp

namespace mpsample {

enum class Level { Trace, Debug, Info, Warning, Error };

//! Parses "trace", "debug", "info", "warning" or "error"; throws
//! std::invalid_argument naming the accepted values.
Level ParseLevel(const std::string& text);
void SetLogLevel(Level level);
Level LogLevel();

//! Prints "PROGRAM level: message" if level passes the filter.
void Log(Level level, const std::string& message);

//! The library's log function (mp::LogFn): library messages are shown from
//! --log-level=debug on, or always when MP_LOG_LEVEL is set (the user asked
//! the library for them), and its warnings too after ShowLibraryWarnings;
//! raise=true messages are errors and throw.
void LibraryLog(bool raise, std::string message);

//! Shows the library's warnings at the info and warning levels: a server
//! shows them (a connection refused and why, a listener without TLS),
//! clients say what went wrong in their own words instead.
void ShowLibraryWarnings(bool show);

//! Sets the library's own level from --log-level, unless MP_LOG_LEVEL
//! chose it: trace -> trace (one line per IPC call), debug -> debug, else
//! warning. Call right after constructing the EventLoop.
void ConfigureLibraryLog(mp::EventLoop& loop);

//! Sets the program name used as the prefix of every line.
void SetProgramName(const std::string& name);

} // namespace mpsample

#endif // MPSAMPLE_LOGGING_H
