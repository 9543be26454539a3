#include "output.h"

#include <cstdio>
#include <mutex>

namespace mpcli {

std::unique_ptr<Output> MakeOutput(Format format)
{
    return format == Format::Json ? MakeJsonOutput() : MakeHumanOutput();
}

void WriteStdout(const std::string& text)
{
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    fwrite(text.data(), 1, text.size(), stdout);
    fflush(stdout);
}

} // namespace mpcli
