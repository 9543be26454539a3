#include "datadir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mpsample {

std::string DefaultDatadir(const std::string& subdir)
{
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.mpsample/" + subdir;
}

void PrepareDatadir(const std::string& dir)
{
    std::error_code error;
    std::filesystem::path path(dir);
    if (!std::filesystem::exists(path, error)) {
        std::filesystem::create_directories(path, error);
        if (error) throw std::runtime_error("cannot create datadir " + dir + ": " + error.message());
        if (chmod(dir.c_str(), 0700) != 0) {
            throw std::runtime_error("cannot set permissions of datadir " + dir + ": " + strerror(errno));
        }
    }
    if (!std::filesystem::is_directory(path, error)) throw std::runtime_error("datadir " + dir + " is not a directory");
    if (access(dir.c_str(), W_OK | X_OK) != 0) {
        throw std::runtime_error("datadir " + dir + " is not writable: " + strerror(errno));
    }
}

namespace {

//! What the holder of a lock file wrote into it ("mpnode, pid 1234"), or
//! "another process" if it wrote nothing yet (it is between its flock() and
//! its write).
std::string LockHolder(int fd)
{
    char text[256];
    const ssize_t size = pread(fd, text, sizeof(text) - 1, 0);
    if (size <= 0) return "another process";
    std::string holder(text, static_cast<size_t>(size));
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) holder.pop_back();
    return holder.empty() ? "another process" : holder;
}

} // namespace

DatadirLock::DatadirLock(const std::string& dir, const std::string& program)
{
    const std::string path = dir + "/.lock";
    m_fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) throw std::runtime_error("cannot open " + path + ": " + strerror(errno));
    if (flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        const std::string holder = error == EWOULDBLOCK ? LockHolder(m_fd) : "";
        close(m_fd);
        if (error == EWOULDBLOCK) {
            throw std::runtime_error("datadir " + dir + " is in use by " + holder +
                                     ": stop that process first, or give this one a --datadir of its own");
        }
        throw std::runtime_error("cannot lock " + path + ": " + strerror(error));
    }
    // For the message a second process shows. Best effort: the lock itself
    // is the flock(), not this text.
    const std::string holder = program + ", pid " + std::to_string(getpid()) + "\n";
    if (ftruncate(m_fd, 0) == 0) {
        const ssize_t ignored = pwrite(m_fd, holder.data(), holder.size(), 0);
        (void)ignored;
    }
}

DatadirLock::~DatadirLock() { close(m_fd); }

} // namespace mpsample
