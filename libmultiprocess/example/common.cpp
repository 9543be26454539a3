#include "common.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

void LogPrint(bool raise, const std::string& message)
{
    if (raise) throw std::runtime_error(message);
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    static std::ofstream log = [] {
        const char* path = std::getenv("MPEXAMPLE_LOG");
        return std::ofstream(path && *path ? path : "debug.log", std::ios_base::app);
    }();
    log << message << std::endl;
}

std::optional<int> ParseFdArgument(int argc, char** argv)
{
    const char* exe = argc > 0 ? argv[0] : "helper";
    const auto usage = [&] {
        std::cerr << "Usage: " << exe << " FD\n"
                  << "  FD: an open, connected socket on which to serve. This program is started by\n"
                  << "  mpexample, which passes it; it is not meant to be run by hand.\n";
    };
    if (argc != 2) {
        std::cerr << exe << ": expected 1 argument, got " << (argc - 1) << "\n";
        usage();
        return std::nullopt;
    }
    const std::string_view arg = argv[1];
    int fd = -1;
    const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), fd);
    if (ec != std::errc{} || end != arg.data() + arg.size() || fd < 0) {
        std::cerr << exe << ": '" << arg << "' is not a file descriptor number\n";
        usage();
        return std::nullopt;
    }
    if (fcntl(fd, F_GETFD) == -1) {
        std::cerr << exe << ": file descriptor " << fd << " is not open: " << std::strerror(errno) << "\n";
        usage();
        return std::nullopt;
    }
    return fd;
}
