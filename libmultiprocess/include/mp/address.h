// Socket addresses written as strings: the one place a program turns
// "unix:PATH" or "tcp:HOST:PORT" into something to connect to or listen on
// (see mp/network.h for both).
//
//   unix:PATH          a Unix domain socket; PATH alone means the same
//   tcp:HOST:PORT      TCP; HOST is a name or an IPv4 address
//   tcp:[IPV6]:PORT    TCP over IPv6, the address in brackets (tcp:[::1]:8332)

#ifndef MP_ADDRESS_H
#define MP_ADDRESS_H

#include <cstdint>
#include <string>
#include <string_view>

namespace mp {

//! A parsed address. Plain data; any thread.
struct SocketAddress
{
    enum class Kind { Unix, Tcp };

    Kind kind{Kind::Unix};
    //! Unix: the socket file.
    std::string path;
    //! TCP: a host name or a numeric address (IPv6 without its brackets).
    std::string host;
    //! TCP: the port; 0 only makes sense to listen on a free port.
    uint16_t port{0};

    bool isTcp() const { return kind == Kind::Tcp; }

    //! The address as it would be parsed back: "unix:PATH", "tcp:HOST:PORT"
    //! or "tcp:[IPV6]:PORT".
    std::string toString() const;
};

//! Parses an address. Throws std::invalid_argument with a message naming
//! the address and what is wrong with it: an unknown scheme, an empty path,
//! a path too long for a Unix socket, a missing or invalid port, an IPv6
//! address without brackets.
SocketAddress ParseSocketAddress(std::string_view text);

} // namespace mp

#endif // MP_ADDRESS_H
