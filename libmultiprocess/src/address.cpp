// Parsing and printing socket addresses (mp/address.h).

#include <mp/address.h>

#include <cctype>
#include <stdexcept>
#include <string>
#include <sys/un.h>

namespace mp {

namespace {

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

//! The scheme of "scheme:rest" (letters, digits, '+', '-', '.', starting
//! with a letter), or empty if text does not start with one.
std::string_view SchemeOf(std::string_view text)
{
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    if (!std::isalpha(static_cast<unsigned char>(text[0]))) return {};
    for (char c : text.substr(0, colon)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
    }
    return text.substr(0, colon);
}

SocketAddress ParseUnix(std::string_view text, std::string_view path)
{
    if (path.empty()) throw std::invalid_argument("empty socket path in " + Quoted(text));
    constexpr size_t kMaxPath = sizeof(sockaddr_un::sun_path);
    if (path.size() >= kMaxPath) {
        throw std::invalid_argument("socket path is " + std::to_string(path.size()) +
                                    " bytes; a Unix socket path must be shorter than " + std::to_string(kMaxPath) +
                                    ": " + std::string(path));
    }
    SocketAddress address;
    address.kind = SocketAddress::Kind::Unix;
    address.path = std::string(path);
    return address;
}

uint16_t ParsePort(std::string_view text, std::string_view port)
{
    if (port.empty() || port.size() > 5) {
        throw std::invalid_argument("missing or invalid port in " + Quoted(text) + " (tcp:HOST:PORT)");
    }
    unsigned value = 0;
    for (char c : port) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            throw std::invalid_argument("port " + Quoted(port) + " in " + Quoted(text) + " is not a number");
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) throw std::invalid_argument("port " + Quoted(port) + " in " + Quoted(text) + " is above 65535");
    return static_cast<uint16_t>(value);
}

SocketAddress ParseTcp(std::string_view text, std::string_view rest)
{
    SocketAddress address;
    address.kind = SocketAddress::Kind::Tcp;
    std::string_view port;
    if (!rest.empty() && rest.front() == '[') {
        const size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            throw std::invalid_argument("missing ']' after the IPv6 address in " + Quoted(text));
        }
        address.host = std::string(rest.substr(1, close - 1));
        const std::string_view after = rest.substr(close + 1);
        if (after.empty() || after.front() != ':') {
            throw std::invalid_argument("missing port after the IPv6 address in " + Quoted(text) +
                                        " (tcp:[IPV6]:PORT)");
        }
        port = after.substr(1);
    } else {
        const size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos) {
            throw std::invalid_argument("missing port in " + Quoted(text) + " (tcp:HOST:PORT)");
        }
        address.host = std::string(rest.substr(0, colon));
        if (address.host.find(':') != std::string::npos) {
            throw std::invalid_argument("an IPv6 address must be in brackets: tcp:[" + address.host + "]:PORT, not " +
                                        Quoted(text));
        }
        port = rest.substr(colon + 1);
    }
    if (address.host.empty()) throw std::invalid_argument("missing host in " + Quoted(text) + " (tcp:HOST:PORT)");
    address.port = ParsePort(text, port);
    return address;
}

} // namespace

SocketAddress ParseSocketAddress(std::string_view text)
{
    const std::string_view scheme = SchemeOf(text);
    if (scheme.empty()) {
        // "[::1]:8332" is no file name anyone means.
        if (!text.empty() && text.front() == '[') {
            throw std::invalid_argument("a TCP address needs its scheme: tcp:" + std::string(text) + ", not " +
                                        Quoted(text));
        }
        return ParseUnix(text, text);
    }
    const std::string_view rest = text.substr(scheme.size() + 1);
    if (scheme == "unix") return ParseUnix(text, rest);
    if (scheme == "tcp") return ParseTcp(text, rest);
    throw std::invalid_argument("unknown address scheme in " + Quoted(text) +
                                ": use unix:PATH, tcp:HOST:PORT or tcp:[IPV6]:PORT");
}

std::string SocketAddress::toString() const
{
    if (kind == Kind::Unix) return "unix:" + path;
    const bool ipv6 = host.find(':') != std::string::npos;
    return "tcp:" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace mp
