// Starting the benchmark's server processes, and the floor (raw socket) pair.

#include "harness.h"

#include <mp/util.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace mpbench {

namespace {

[[noreturn]] void ThrowErrno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

void ReadAll(int fd, void* buf, size_t size)
{
    auto* p = static_cast<unsigned char*>(buf);
    while (size) {
        ssize_t n = read(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) ThrowErrno("read");
        if (n == 0) throw std::runtime_error("end of file");
        p += n;
        size -= static_cast<size_t>(n);
    }
}

void WriteAll(int fd, const void* buf, size_t size)
{
    const auto* p = static_cast<const unsigned char*>(buf);
    while (size) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) ThrowErrno("write");
        p += n;
        size -= static_cast<size_t>(n);
    }
}

} // namespace

std::string SelfExe()
{
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (n < 0) ThrowErrno("readlink /proc/self/exe");
    return std::string(path, static_cast<size_t>(n));
}

ChildProcess::ChildProcess(const char* mode, int connections, const std::vector<std::string>& arguments)
{
    std::vector<int> child_fds;
    // A constructor that throws runs no destructor: close what it opened.
    bool started = false;
    mp::ScopeExit close_if_not_started([&] {
        if (started) return;
        for (int fd : m_fds) close(fd);
        for (int fd : child_fds) close(fd);
    });
    std::string fd_list;
    for (int i = 0; i < connections; ++i) {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) ThrowErrno("socketpair");
        m_fds.push_back(fds[0]);
        child_fds.push_back(fds[1]);
        fd_list += (i ? "," : "") + std::to_string(fds[1]);
    }
    const std::string exe = SelfExe();
    // Built before fork(): the child of a threaded process must not allocate.
    std::vector<const char*> argv{exe.c_str(), mode, fd_list.c_str()};
    for (const std::string& argument : arguments) argv.push_back(argument.c_str());
    argv.push_back(nullptr);
    m_pid = fork();
    if (m_pid < 0) ThrowErrno("fork");
    if (m_pid == 0) {
        // Child: keep its ends across exec, drop the parent's.
        for (int fd : m_fds) close(fd);
        for (int fd : child_fds) {
            int flags = fcntl(fd, F_GETFD);
            fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
        }
        execv(exe.c_str(), const_cast<char* const*>(argv.data()));
        _exit(127);
    }
    started = true;
    for (int fd : child_fds) close(fd);
}

int ChildProcess::release(size_t i)
{
    int fd = m_fds.at(i);
    m_fds.at(i) = -1;
    return fd;
}

ChildProcess::~ChildProcess()
{
    for (int fd : m_fds) {
        if (fd >= 0) close(fd);
    }
    int status;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
}

std::vector<int> ParseFds(const std::string& list)
{
    std::vector<int> fds;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        fds.push_back(std::stoi(list.substr(start, end - start)));
        start = end + 1;
    }
    return fds;
}

int ServeFloor(int fd)
{
    std::vector<unsigned char> buffer;
    while (true) {
        uint64_t size;
        try {
            ReadAll(fd, &size, sizeof(size));
        } catch (const std::runtime_error&) {
            return 0; // end of file: the client is done
        }
        buffer.resize(size);
        ReadAll(fd, buffer.data(), size);
        WriteAll(fd, buffer.data(), size);
    }
}

FloorClient::FloorClient() : m_child("--serve-floor") {}

void FloorClient::echo(size_t size)
{
    if (m_out.size() != size) {
        m_out.assign(size, 0x5a);
        m_in.resize(size);
    }
    uint64_t header = size;
    iovec iov[2] = {{&header, sizeof(header)}, {m_out.data(), size}};
    ssize_t n = writev(m_child.fd(), iov, 2);
    if (n < 0) ThrowErrno("writev");
    // Large payloads: the rest of what writev did not take.
    size_t written = static_cast<size_t>(n);
    if (written < sizeof(header)) {
        WriteAll(m_child.fd(), reinterpret_cast<unsigned char*>(&header) + written, sizeof(header) - written);
        written = sizeof(header);
    }
    written -= sizeof(header);
    if (written < size) WriteAll(m_child.fd(), m_out.data() + written, size - written);
    ReadAll(m_child.fd(), m_in.data(), size);
}

} // namespace mpbench
