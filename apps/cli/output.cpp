#include "output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace mpcli {

std::unique_ptr<Output> MakeOutput(Format format)
{
    return format == Format::Json ? MakeJsonOutput() : MakeHumanOutput();
}

void WriteStdout(const std::string& text)
{
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    errno = 0;
    const size_t written = fwrite(text.data(), 1, text.size(), stdout);
    if (written != text.size() || fflush(stdout) != 0) {
        const int error = errno;
        clearerr(stdout);
        throw std::runtime_error(std::string("cannot write to stdout: ") + (error ? strerror(error) : "write failed"));
    }
}

} // namespace mpcli
