// TCP sockets for ConnectToAddress and ListenOnAddress: listening on a
// host and port, the options every IPC connection over TCP gets, and the
// peer's address for log lines.

#ifndef MP_SRC_TCP_SOCKET_H
#define MP_SRC_TCP_SOCKET_H

#include <mp/address.h>

#include <chrono>
#include <string>

namespace mp {

//! Listens on address.host (resolved; the first address that can be bound)
//! and address.port (0: any free port). Returns the listening fd. Throws
//! std::runtime_error naming the address and the reason.
int ListenTcpSocket(const SocketAddress& address);

//! The address a listening socket is bound to, as "tcp:HOST:PORT" with the
//! host as given and the port actually bound.
std::string BoundTcpAddress(int listen_fd, const SocketAddress& address);

//! Sets what every IPC connection over TCP needs: no Nagle delay (calls
//! are small messages waiting for an answer), and a bound on how long a
//! silent peer is waited for: TCP_USER_TIMEOUT = peer_timeout (data sent
//! and never acknowledged) and keepalive probes after half of it when the
//! connection is idle (a caller waiting for a reply sends nothing). Either
//! way the kernel drops the connection after about peer_timeout, which
//! fails the calls waiting on it. Throws std::runtime_error if the socket
//! refuses an option.
void ConfigureTcpSocket(int fd, std::chrono::milliseconds peer_timeout);

//! The peer of a connected socket as "HOST:PORT" ("[IPV6]:PORT"), or
//! "unknown peer".
std::string DescribePeer(int fd);

} // namespace mp

#endif // MP_SRC_TCP_SOCKET_H
