// mpcli's command line (CLI11): the options every command shares, one
// subcommand per command with its own --help, and the checked arguments of
// the command that was chosen.

#ifndef MPCLI_COMMAND_LINE_H
#define MPCLI_COMMAND_LINE_H

#include "node-session.h"
#include "output.h"

#include <common/ipc-options.h>

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mpcli {

struct GlobalOptions
{
    std::string connect;                //!< an address (common/ipc-options.h); empty: the node's default socket
    mpsample::IpcOptions ipc;           //!< TLS for tcp: addresses
    bool json = false;
    std::string log_level = "warning"; //!< for mpcli and the IPC library
};

//! Built once in main(); parse() then run().
class CommandLine
{
public:
    CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    //! Parses and checks argv. Returns std::nullopt when a command is ready
    //! to run; otherwise the exit code, having printed the help (0) or a
    //! one-line usage error on stderr (2).
    std::optional<int> parse(int argc, char** argv);

    const GlobalOptions& options() const { return m_options; }
    //! `watch` runs until a signal, which must be blocked before any
    //! thread starts: main() asks before connecting.
    bool isWatch() const { return m_is_watch; }
    //! Runs the parsed command.
    void run(NodeSession& session, Output& out) const { m_command(session, out); }

private:
    using Command = std::function<void(NodeSession&, Output&)>;
    //! Adds a subcommand of parent whose callback (run after parsing it)
    //! checks the arguments and sets m_command to make_command()'s result.
    CLI::App* addCommand(CLI::App& parent, const std::string& name, const std::string& description,
                         std::function<Command()> make_command);
    void addNodeCommands();
    void addWalletCommands();
    //! The one-line message for a CLI11 parse error.
    std::string usageError(const CLI::ParseError& error) const;

    CLI::App m_app;
    CLI::App* m_wallet{nullptr};
    GlobalOptions m_options;
    bool m_is_watch{false};
    Command m_command;

    //! Raw argument text, bound to CLI11 and checked in the callbacks.
    struct Arguments
    {
        std::string height;
        std::string count;
        std::string address;
        std::string amount;
        std::string fee = "0.0001";
        std::string label;
        std::string limit = "0";
        std::string wallet;
        std::vector<std::string> words;
    } m_args;
};

} // namespace mpcli

#endif // MPCLI_COMMAND_LINE_H
