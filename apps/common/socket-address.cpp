#include "socket-address.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace mpsample {
namespace {

sockaddr_un MakeAddress(const std::string& path)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof(address.sun_path)) {
        throw std::invalid_argument("socket path is " + std::to_string(path.size()) +
                                    " bytes; a Unix socket path must be shorter than " +
                                    std::to_string(sizeof(address.sun_path)) + ": " + path);
    }
    memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return address;
}

//! Closes fd unless released.
class FdGuard
{
public:
    explicit FdGuard(int fd) : m_fd(fd) {}
    ~FdGuard()
    {
        if (m_fd >= 0) close(m_fd);
    }
    int release()
    {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

int NewSocket()
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("cannot create a socket: ") + strerror(errno));
    return fd;
}

} // namespace

std::string ParseSocketAddress(const std::string& address)
{
    std::string path = address;
    if (path.rfind("unix:", 0) == 0) {
        path = path.substr(5);
    } else if (path.find("://") != std::string::npos || path.rfind("tcp:", 0) == 0) {
        throw std::invalid_argument("only Unix sockets are supported (unix:PATH or PATH), not '" + address + "'");
    }
    if (path.empty()) throw std::invalid_argument("empty socket path in '" + address + "'");
    MakeAddress(path); // checks the length
    return path;
}

int ListenUnixSocket(const std::string& path)
{
    const sockaddr_un address = MakeAddress(path);
    struct stat st{};
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            throw std::runtime_error(path + " exists and is not a socket; not replacing it");
        }
        // Is anyone serving there?
        FdGuard probe(NewSocket());
        if (connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0) {
            throw std::runtime_error("another process is already listening on " + path +
                                     " (is another mpnode running with this datadir?)");
        }
        if (unlink(path.c_str()) != 0) {
            throw std::runtime_error("cannot remove stale socket " + path + ": " + strerror(errno));
        }
    }
    FdGuard fd(NewSocket());
    // Created with mode 0600: only this user may connect.
    const mode_t old_mask = umask(0177);
    const int bound = bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    const int bind_errno = errno;
    umask(old_mask);
    if (bound != 0) throw std::runtime_error("cannot listen on " + path + ": " + strerror(bind_errno));
    if (listen(fd.get(), 64) != 0) throw std::runtime_error("cannot listen on " + path + ": " + strerror(errno));
    return fd.release();
}

int ConnectUnixSocket(const std::string& path)
{
    const sockaddr_un address = MakeAddress(path);
    FdGuard fd(NewSocket());
    if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
        const int error = errno;
        if (error == ENOENT) throw std::runtime_error("no node socket at " + path + " (is mpnode running?)");
        if (error == ECONNREFUSED) throw std::runtime_error("nothing is listening on " + path + " (mpnode is not running)");
        if (error == EACCES) throw std::runtime_error("permission denied connecting to " + path);
        throw std::runtime_error("cannot connect to " + path + ": " + strerror(error));
    }
    return fd.release();
}

} // namespace mpsample
