// Unix domain sockets for ConnectToAddress and ListenOnAddress: the checks
// a server needs before it takes a socket path over, and connect errors a
// user can act on.

#ifndef MP_SRC_UNIX_SOCKET_H
#define MP_SRC_UNIX_SOCKET_H

#include <string>

namespace mp {

//! Listens on a Unix socket at path with mode 0600 (only this user may
//! connect). A stale socket file (nothing accepts on it) is replaced; a
//! live one means another process serves there, and is an error that says
//! so, as is a file that is not a socket. Returns the listening fd. Throws
//! std::runtime_error with the reason.
int ListenUnixSocket(const std::string& path);

//! Connects to the Unix socket at path (blocking). Returns the fd. Throws
//! std::runtime_error saying whether nothing is there, nothing listens, or
//! access is denied.
int ConnectUnixSocket(const std::string& path);

} // namespace mp

#endif // MP_SRC_UNIX_SOCKET_H
