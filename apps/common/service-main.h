// The main() of the sample's long-running programs (mpnode, mpwallet): what
// they do the same way around their own Run().

#ifndef MPSAMPLE_SERVICE_MAIN_H
#define MPSAMPLE_SERVICE_MAIN_H

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace mpsample {

//! Runs a service program: names it in log lines, blocks the termination
//! signals (a thread of Run's waits for them with WaitForTerminationSignal),
//! adds --log-level (stored in log_level) to app, parses the command line
//! (printing CLI11's help or usage error), then calls run(). An exception
//! from run() is printed as "PROGRAM: error: WHAT" with exit code 1.
//! Returns the exit code for main().
int RunServiceMain(const char* program, CLI::App& app, std::string& log_level, int argc, char** argv,
                   const std::function<int()>& run);

} // namespace mpsample

#endif // MPSAMPLE_SERVICE_MAIN_H
