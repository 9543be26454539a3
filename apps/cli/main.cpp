// mpcli: the sample's command-line client. See `mpcli --help`.
//
// Every failure ends the same way: one line "mpcli: error: REASON" on
// stderr and a non-zero exit (2 for a usage error, 1 for anything else).

#include "command-line.h"
#include "node-session.h"
#include "output.h"

#include <common/datadir.h>
#include <common/ipc-options.h>
#include <common/logging.h>
#include <common/signals.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace {

//! The first line of an error message: a remote error may carry more
//! (a trace) than belongs on a user's terminal.
std::string FirstLine(const std::string& message)
{
    const size_t end = message.find_first_of("\r\n");
    return end == std::string::npos ? message : message.substr(0, end);
}

int Run(const mpcli::CommandLine& command_line)
{
    const mpcli::GlobalOptions& options = command_line.options();
    mpsample::SetLogLevel(mpsample::ParseLevel(options.log_level));
    // The library's own level follows ours (mpsample::ConfigureLibraryLog,
    // called by NodeClient), so it does not even format what we drop.
    if (command_line.isWatch()) {
        mpsample::BlockTerminationSignals(); // before the session's loop thread starts
    } else {
        signal(SIGPIPE, SIG_IGN); // a closed stdout or socket is an error, not a silent death
    }
    const std::string address = mpsample::ExpandNodeAddress(options.connect, mpsample::DefaultDatadir("node"));
    const mp::NetworkOptions network = mpsample::MakeNetworkOptions(options.ipc, {address});
    std::unique_ptr<mpcli::Output> out = mpcli::MakeOutput(options.json ? mpcli::Format::Json : mpcli::Format::Human);
    mpcli::NodeSession session(address, network);
    command_line.run(session, *out);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    mpsample::SetProgramName("mpcli");
    mpcli::CommandLine command_line;
    if (std::optional<int> exit_code = command_line.parse(argc, argv)) return *exit_code;
    try {
        return Run(command_line);
    } catch (const std::exception& e) {
        fprintf(stderr, "mpcli: error: %s\n", FirstLine(e.what()).c_str());
        return 1;
    }
}
