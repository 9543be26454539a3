// Process and thread utilities declared in mp/util.h.

#include <mp/util.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace mp {

namespace {

[[noreturn]] void ThrowErrno(const char* what)
{
    throw std::system_error(errno, std::system_category(), what);
}

} // namespace

int SpawnProcess(int& pid, FdToArgsFn&& fd_to_args)
{
    int fds[2];
    // SOCK_CLOEXEC so that sockets of other children spawned concurrently do
    // not leak into this one; the child's own end is made inheritable below.
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) ThrowErrno("socketpair");
    const int parent_fd = fds[0];
    const int child_fd = fds[1];

    // Build the argument list before forking: after fork() in a threaded
    // program only async-signal-safe calls are allowed in the child.
    std::vector<std::string> args = fd_to_args(child_fd);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    pid = fork();
    if (pid == -1) {
        const int saved = errno;
        close(parent_fd);
        close(child_fd);
        errno = saved;
        ThrowErrno("fork");
    }
    if (pid == 0) {
        // Child: keep only its end of the socket across exec.
        close(parent_fd);
        int flags = fcntl(child_fd, F_GETFD);
        if (flags != -1) fcntl(child_fd, F_SETFD, flags & ~FD_CLOEXEC);
        if (!args.empty()) execvp(argv[0], argv.data());
        const char* prefix = "SpawnProcess: exec failed: ";
        const char* reason = args.empty() ? "empty command line" : strerror(errno);
        ssize_t ignored = write(STDERR_FILENO, prefix, strlen(prefix));
        ignored = write(STDERR_FILENO, reason, strlen(reason));
        ignored = write(STDERR_FILENO, "\n", 1);
        (void)ignored;
        _exit(127);
    }
    close(child_fd);
    return parent_fd;
}

int WaitProcess(int pid)
{
    int status;
    while (waitpid(pid, &status, 0) == -1) {
        if (errno != EINTR) ThrowErrno("waitpid");
    }
    return status;
}

std::string ThreadName(const char* exe_name)
{
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    std::ostringstream out;
    out << (exe_name ? exe_name : "") << "-" << getpid() << "/";
    // The main thread's OS name is the executable's, which says nothing new.
    if (name[0] && (!exe_name || strncmp(name, exe_name, sizeof(name) - 1) != 0)) out << name << "-";
    out << syscall(SYS_gettid);
    return out.str();
}

void SetOsThreadName(const std::string& name)
{
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

} // namespace mp
