#include "datadir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
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

} // namespace mpsample
