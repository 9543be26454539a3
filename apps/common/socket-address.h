// Unix socket addresses for the sample programs: "unix:PATH" or a bare
// PATH, listening with the checks a daemon needs, and connecting with
// errors a user can act on.

#ifndef MPSAMPLE_SOCKET_ADDRESS_H
#define MPSAMPLE_SOCKET_ADDRESS_H

#include <string>

namespace mpsample {

//! The path of "unix:PATH" or "PATH". Throws std::invalid_argument for an
//! empty path, another scheme ("tcp:...") or a path too long for a Unix
//! socket (the message says how long it may be).
std::string ParseSocketAddress(const std::string& address);

//! Listens on a Unix socket at path with mode 0600. A stale socket file
//! (nothing accepts on it) is replaced; a live one means another process
//! is serving there, and is an error that says so. Returns the listening
//! fd. Throws std::runtime_error with the reason.
int ListenUnixSocket(const std::string& path);

//! Connects to the Unix socket at path. Throws std::runtime_error saying
//! whether nothing is there, nothing listens, or access is denied.
int ConnectUnixSocket(const std::string& path);

} // namespace mpsample

#endif // MPSAMPLE_SOCKET_ADDRESS_H
