// TCP sockets: listening, per-connection options, peer addresses.

#include "tcp-socket.h"

#include <kj/io.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace mp {

namespace {

//! "HOST:PORT" of a socket address (IPv6 in brackets).
std::string FormatSockaddr(const sockaddr_storage& address)
{
    char host[INET6_ADDRSTRLEN] = "";
    if (address.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(address);
        inet_ntop(AF_INET, &in.sin_addr, host, sizeof(host));
        return std::string(host) + ":" + std::to_string(ntohs(in.sin_port));
    }
    if (address.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
        inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof(host));
        return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6.sin6_port));
    }
    return "unknown peer";
}

void SetOption(int fd, int level, int option, int value, const char* name)
{
    if (setsockopt(fd, level, option, &value, sizeof(value)) != 0) {
        throw std::runtime_error(std::string("cannot set ") + name + " on a TCP socket: " + strerror(errno));
    }
}

} // namespace

int ListenTcpSocket(const SocketAddress& address)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(address.port);
    const int lookup = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found);
    if (lookup != 0) {
        throw std::runtime_error("cannot listen on " + address.toString() + ": " + gai_strerror(lookup));
    }
    std::string error = "no address found";
    for (addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
        kj::AutoCloseFd fd(socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, candidate->ai_protocol));
        if (fd.get() < 0) {
            error = strerror(errno);
            continue;
        }
        // A restarted server can bind again while connections of its
        // previous run linger in TIME_WAIT.
        SetOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
        if (bind(fd, candidate->ai_addr, candidate->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
            error = strerror(errno);
            continue;
        }
        freeaddrinfo(found);
        return fd.release();
    }
    freeaddrinfo(found);
    throw std::runtime_error("cannot listen on " + address.toString() + ": " + error);
}

std::string BoundTcpAddress(int listen_fd, const SocketAddress& address)
{
    sockaddr_storage bound{};
    socklen_t length = sizeof(bound);
    SocketAddress result = address;
    if (getsockname(listen_fd, reinterpret_cast<sockaddr*>(&bound), &length) == 0) {
        if (bound.ss_family == AF_INET) result.port = ntohs(reinterpret_cast<sockaddr_in&>(bound).sin_port);
        if (bound.ss_family == AF_INET6) result.port = ntohs(reinterpret_cast<sockaddr_in6&>(bound).sin6_port);
    }
    return result.toString();
}

void ConfigureTcpSocket(int fd, std::chrono::milliseconds peer_timeout)
{
    using std::chrono::duration_cast;
    using std::chrono::seconds;
    SetOption(fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    if (peer_timeout <= std::chrono::milliseconds::zero()) return;
    // Keepalive intervals are whole seconds: at least one.
    const int idle = static_cast<int>(std::max<seconds::rep>(1, duration_cast<seconds>(peer_timeout / 2).count()));
    const int interval = static_cast<int>(std::max<seconds::rep>(1, duration_cast<seconds>(peer_timeout / 6).count()));
    SetOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
    SetOption(fd, IPPROTO_TCP, TCP_KEEPIDLE, idle, "TCP_KEEPIDLE");
    SetOption(fd, IPPROTO_TCP, TCP_KEEPINTVL, interval, "TCP_KEEPINTVL");
    // Enough probes for TCP_USER_TIMEOUT, not the count, to decide: the
    // kernel drops the connection at the first unanswered probe sent once
    // peer_timeout has passed without an acknowledgement.
    SetOption(fd, IPPROTO_TCP, TCP_KEEPCNT, 9, "TCP_KEEPCNT");
    SetOption(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, static_cast<int>(peer_timeout.count()), "TCP_USER_TIMEOUT");
}

std::string DescribePeer(int fd)
{
    sockaddr_storage peer{};
    socklen_t length = sizeof(peer);
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return "unknown peer";
    return FormatSockaddr(peer);
}

} // namespace mp
