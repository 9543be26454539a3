// A listening Unix socket for tests, in a fresh temporary directory.

#ifndef MP_TEST_UNIX_LISTENER_H
#define MP_TEST_UNIX_LISTENER_H

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace mp {
namespace test {

//! Binds and listens on DIR/socket, where DIR is a new directory under /tmp;
//! removes both when destroyed. `fd` is the listening socket, handed to the
//! code under test (which takes ownership); with inheritable, a process
//! spawned meanwhile inherits it (no FD_CLOEXEC), so it can be passed on a
//! child's command line.
class UnixListener
{
public:
    explicit UnixListener(bool inheritable = false)
    {
        char dir_template[] = "/tmp/mptest-listen-XXXXXX";
        if (!mkdtemp(dir_template)) throw std::runtime_error("mkdtemp failed");
        m_dir = dir_template;
        m_path = m_dir + "/socket";
        fd = socket(AF_UNIX, SOCK_STREAM | (inheritable ? 0 : SOCK_CLOEXEC), 0);
        sockaddr_un address = this->address();
        if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(fd, 8) != 0) {
            throw std::runtime_error("cannot listen on " + m_path + ": " + strerror(errno));
        }
    }

    ~UnixListener()
    {
        unlink(m_path.c_str());
        rmdir(m_dir.c_str());
    }

    UnixListener(const UnixListener&) = delete;
    UnixListener& operator=(const UnixListener&) = delete;

    //! A new connection to the socket, or -1 (errno set) if it was refused.
    int tryConnect() const
    {
        int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address = this->address();
        if (client < 0 || ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
            const int saved = errno;
            if (client >= 0) close(client);
            errno = saved;
            return -1;
        }
        return client;
    }

    //! A new connection to the socket; throws if it was refused.
    int connect() const
    {
        const int client = tryConnect();
        if (client < 0) throw std::runtime_error("cannot connect to " + m_path + ": " + strerror(errno));
        return client;
    }

    int fd{-1};

private:
    sockaddr_un address() const
    {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        strncpy(address.sun_path, m_path.c_str(), sizeof(address.sun_path) - 1);
        return address;
    }

    std::string m_dir;
    std::string m_path;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_UNIX_LISTENER_H
