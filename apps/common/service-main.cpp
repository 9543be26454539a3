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
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        // One line and exit status 2, as mpcli does, rather than CLI11's
        // message, usage hint and error-specific status (105, 109, ...).
        fprintf(stderr, "%s: error: %s (see %s --help)\n", program, error.what(), program);
        return 2;
    }
    try {
        return run();
    } catch (const std::exception& e) {
        fprintf(stderr, "%s: error: %s\n", program, e.what());
        return 1;
    }
}

} // namespace mpsample
