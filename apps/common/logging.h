// Log output shared by the sample programs: one line per message on stderr,
// with a level filter set by --log-level.

#ifndef MPSAMPLE_LOGGING_H
#define MPSAMPLE_LOGGING_H

#include <string>

namespace mpsample {

enum class Level { Trace, Debug, Info, Warning, Error };

//! Parses "trace", "debug", "info", "warning" or "error"; throws
//! std::invalid_argument naming the accepted values.
Level ParseLevel(const std::string& text);
void SetLogLevel(Level level);
Level LogLevel();

//! Prints "PROGRAM level: message" if level passes the filter.
void Log(Level level, const std::string& message);

//! The library's log function (mp::LogFn): library messages are shown at
//! debug level; raise=true messages are errors and throw.
void LibraryLog(bool raise, std::string message);

//! Sets the program name used as the prefix of every line.
void SetProgramName(const std::string& name);

} // namespace mpsample

#endif // MPSAMPLE_LOGGING_H
