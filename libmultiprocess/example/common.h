#ifndef MP_EXAMPLE_COMMON_H
#define MP_EXAMPLE_COMMON_H

#include <optional>
#include <string>

//! Log function handed to mp::EventLoop by all three example programs.
//!
//! When `raise` is true the message describes a fatal error and is thrown as
//! std::runtime_error. Otherwise it is appended, one line per message, to the
//! file named by the MPEXAMPLE_LOG environment variable, or to "debug.log" in
//! the current directory when that is unset. All three processes share the
//! file. May be called from any thread.
void LogPrint(bool raise, const std::string& message);

//! Read the single FD argument a helper process is started with (the socket
//! mpexample made for it with mp::SpawnProcess). On a missing, malformed or
//! closed descriptor, prints why and a usage line to stderr and returns
//! nothing; the caller should then exit with status 1.
std::optional<int> ParseFdArgument(int argc, char** argv);

#endif // MP_EXAMPLE_COMMON_H
