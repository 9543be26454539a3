// Unix domain sockets: listening and connecting by path.

#include "unix-socket.h"

#include <kj/io.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace mp {

namespace {

//! The address of path (ParseSocketAddress has checked its length).
sockaddr_un MakeAddress(const std::string& path)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof(address.sun_path)) {
        throw std::runtime_error("socket path too long for a Unix socket: " + path);
    }
    memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return address;
}

kj::AutoCloseFd NewSocket()
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("cannot create a socket: ") + strerror(errno));
    return kj::AutoCloseFd(fd);
}

} // namespace

int ListenUnixSocket(const std::string& path)
{
    const sockaddr_un address = MakeAddress(path);
    struct stat st{};
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            throw std::runtime_error(path + " exists and is not a socket; not replacing it");
        }
        // Is anyone serving there?
        kj::AutoCloseFd probe = NewSocket();
        if (connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0) {
            throw std::runtime_error("another process is already listening on " + path);
        }
        if (unlink(path.c_str()) != 0) {
            throw std::runtime_error("cannot remove stale socket " + path + ": " + strerror(errno));
        }
    }
    kj::AutoCloseFd fd = NewSocket();
    // Created with mode 0600: only this user may connect.
    const mode_t old_mask = umask(0177);
    const int bound = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    const int bind_errno = errno;
    umask(old_mask);
    if (bound != 0) throw std::runtime_error("cannot listen on " + path + ": " + strerror(bind_errno));
    if (listen(fd, SOMAXCONN) != 0) throw std::runtime_error("cannot listen on " + path + ": " + strerror(errno));
    return fd.release();
}

int ConnectUnixSocket(const std::string& path)
{
    const sockaddr_un address = MakeAddress(path);
    kj::AutoCloseFd fd = NewSocket();
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        const int error = errno;
        if (error == ENOENT) throw std::runtime_error("no socket at " + path + " (is the server running?)");
        if (error == ECONNREFUSED) {
            throw std::runtime_error("nothing is listening on " + path + " (the server is not running)");
        }
        if (error == EACCES) throw std::runtime_error("permission denied connecting to " + path);
        throw std::runtime_error("cannot connect to " + path + ": " + strerror(error));
    }
    return fd.release();
}

} // namespace mp
