#include "command-line.h"

#include "arguments.h"
#include "commands.h"
#include "watch.h"

#include <common/datadir.h>
#include <interfaces/records.h>

namespace mpcli {

CommandLine::CommandLine()
    : m_app("mpcli: the sample's command-line client. Talks to mpnode over its Unix socket (or TCP with mutual "
            "TLS) and, through the node, to the wallets registered with it.",
            "mpcli")
{
    m_app.add_option("--connect", m_options.connect, mpsample::ConnectHelp());
    m_app.add_flag("--json", m_options.json, "Print each result as one JSON document on one line");
    m_app.add_option("--log-level", m_options.log_level, "trace, debug, info, warning (default) or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warning", "error"}));
    mpsample::AddIpcOptions(m_app, m_options.ipc, mpsample::IpcRole::Client);
    // The shared options may also follow the command ("mpcli status --json").
    m_app.fallthrough();
    m_app.require_subcommand(1);
    m_app.footer("Run 'mpcli COMMAND --help' for a command's arguments.");
    addNodeCommands();
    addWalletCommands();
}

CLI::App* CommandLine::addCommand(CLI::App& parent, const std::string& name, const std::string& description,
                                  std::function<Command()> make_command)
{
    CLI::App* command = parent.add_subcommand(name, description);
    command->fallthrough();
    command->callback([this, make_command = std::move(make_command)] { m_command = make_command(); });
    return command;
}

void CommandLine::addNodeCommands()
{
    addCommand(m_app, "status", "Show the node's height, tip, mempool size and wallets", [] {
        return [](NodeSession& s, Output& out) { ShowStatus(s, out); };
    });

    addCommand(m_app, "getblock", "Show a block, by height or by hash, with its transactions", [this] {
        const BlockRef block = ParseBlockRef(m_args.height);
        return [block](NodeSession& s, Output& out) { ShowBlock(s, out, block); };
    })->add_option("BLOCK", m_args.height, "Block height (0 is the first block) or block hash")->required();

    CLI::App* mine = addCommand(m_app, "mine", "Mine N blocks paying ADDRESS", [this] {
        const int32_t count = ParseBlockCount(m_args.count);
        std::optional<std::string> address;
        if (!m_args.address.empty()) address = CheckAddress(m_args.address);
        return [count, address](NodeSession& s, Output& out) { Mine(s, out, count, address); };
    });
    mine->add_option("N", m_args.count,
                     "Number of blocks (1 to " + std::to_string(interfaces::MAX_BLOCKS_PER_CALL) + ")")
        ->required();
    mine->add_option("ADDRESS", m_args.address,
                     "Address paid by the blocks. If omitted and exactly one wallet is registered, a new address "
                     "of that wallet (labelled 'mining'); otherwise an error.");

    addCommand(m_app, "mempool", "List the transactions waiting in the node's mempool", [] {
        return [](NodeSession& s, Output& out) { ShowMempool(s, out); };
    });

    addCommand(m_app, "wallets", "List the wallets registered with the node", [] {
        return [](NodeSession& s, Output& out) { ShowWallets(s, out); };
    });

    addCommand(m_app, "echo", "Send TEXT to the node and print what comes back", [this] {
        std::string text;
        for (const auto& word : m_args.words) text += (text.empty() ? "" : " ") + word;
        return [text](NodeSession& s, Output& out) { EchoText(s, out, text); };
    })->add_option("TEXT", m_args.words, "Words to echo (joined by single spaces)")->required();

    addCommand(m_app, "watch",
               "Print the node's notifications (blocks, mempool, wallets) as they arrive, until Ctrl+C; "
               "fails if the node goes away",
               [this] {
                   m_is_watch = true;
                   return [](NodeSession& s, Output& out) { Watch(s, out); };
               });
}

void CommandLine::addWalletCommands()
{
    m_wallet = m_app.add_subcommand("wallet", "Use the wallet registered with the node as NAME");
    m_wallet->fallthrough();
    m_wallet->require_subcommand(1);
    m_wallet->add_option("NAME", m_args.wallet, "The wallet's name (see 'mpcli wallets')")->required();

    addCommand(*m_wallet, "newaddress", "Make a new receiving address, optionally labelled", [this] {
        return [name = m_args.wallet, label = m_args.label](NodeSession& s, Output& out) {
            WalletNewAddress(s, out, name, label);
        };
    })->add_option("LABEL", m_args.label, "A label to remember the address by");

    addCommand(*m_wallet, "addresses", "List the wallet's addresses and labels", [this] {
        return [name = m_args.wallet](NodeSession& s, Output& out) { WalletAddresses(s, out, name); };
    });

    addCommand(*m_wallet, "balance", "Show the confirmed and unconfirmed balance", [this] {
        return [name = m_args.wallet](NodeSession& s, Output& out) { WalletBalance(s, out, name); };
    });

    CLI::App* send = addCommand(*m_wallet, "send", "Pay AMOUNT coins to ADDRESS; prints the txid", [this] {
        const std::string address = CheckAddress(m_args.address);
        const int64_t amount = ParseCoins(m_args.amount);
        const int64_t fee = ParseFee(m_args.fee);
        return [name = m_args.wallet, address, amount, fee](NodeSession& s, Output& out) {
            WalletSend(s, out, name, address, amount, fee);
        };
    });
    send->add_option("ADDRESS", m_args.address, "The recipient's address")->required();
    send->add_option("AMOUNT", m_args.amount, "Coins to send, e.g. 1.5 (at most 8 decimals)")->required();
    send->add_option("--fee", m_args.fee, "Fee in coins paid to the miner (0 is allowed)")->capture_default_str();

    addCommand(*m_wallet, "history", "List the wallet's transactions, newest first (unconfirmed on top)", [this] {
        const int32_t limit = ParseHistoryLimit(m_args.limit);
        return [name = m_args.wallet, limit](NodeSession& s, Output& out) { WalletHistory(s, out, name, limit); };
    })->add_option("--limit", m_args.limit, "Show only the newest N (0: all)")->capture_default_str();
}

std::string CommandLine::usageError(const CLI::ParseError& error) const
{
    // CLI11 reports a missing command before an unexpected word, so an
    // unknown command shows up as "a subcommand is required" with the
    // word left over.
    const bool required = dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
    const bool extra = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr;
    if ((required || extra) && m_app.get_subcommands().empty()) {
        const std::vector<std::string> left = m_app.remaining();
        if (left.empty()) return "no command given (see mpcli --help)";
        return "unknown command '" + left.front() + "' (see mpcli --help)";
    }
    if ((required || extra) && m_wallet->parsed() && m_wallet->get_subcommands().empty() && !m_args.wallet.empty()) {
        const std::vector<std::string> left = m_app.remaining(/*recurse=*/true);
        if (left.empty()) return "no wallet command given (see mpcli wallet --help)";
        return "unknown wallet command '" + left.front() + "' (see mpcli wallet --help)";
    }
    return error.what();
}

std::optional<int> CommandLine::parse(int argc, char** argv)
{
    try {
        m_app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return m_app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return m_app.exit(help);
    } catch (const CLI::ParseError& error) {
        fprintf(stderr, "mpcli: error: %s\n", usageError(error).c_str());
        return 2;
    } catch (const std::invalid_argument& error) {
        // An argument the command's callback refused (arguments.h).
        fprintf(stderr, "mpcli: error: %s\n", error.what());
        return 2;
    }
    return std::nullopt;
}

} // namespace mpcli
