// RunServiceMain: the shared start of mpnode's and mpwallet's main().

#include "service-main.h"

#include "logging.h"
#include "signals.h"

#include <cstdio>
#include <exception>

namespace mpsample {

int RunServiceMain(const char* program, CLI::App& app, std::string& log_level, int argc, char** argv,
                   const std::function<int()>& run)
{
    SetProgramName(program);
    // Before any thread starts, so that every thread inherits the mask.
    BlockTerminationSignals();
    app.add_option("--log-level", log_level, "trace, debug, info, warning or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warning", "error"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    try {
        return run();
    } catch (const std::exception& e) {
        fprintf(stderr, "%s: error: %s\n", program, e.what());
        return 1;
    }
}

} // namespace mpsample
