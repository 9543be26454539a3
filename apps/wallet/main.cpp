// mpwallet: keys, balances and sending, for one named wallet. Connects to
// mpnode, follows its chain through notifications, and registers its
// Wallet object with the node so other clients (mpcli, mpgui) reach it
// through the node. Reconnects when the node comes back.

#include "session.h"
#include "wallet-db.h"
#include "wallet.h"

#include <common/datadir.h>
#include <common/wallet-name.h>
#include <common/ipc-options.h>
#include <common/logging.h>
#include <common/service-main.h>
#include <common/signals.h>
#include <ledger/amount.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace {

struct Options
{
    std::string connect;
    mpsample::IpcOptions ipc;
    std::string datadir;
    std::string name = "default";
    std::string log_level = "info";
};

int Run(const Options& options)
{
    mpsample::SetLogLevel(mpsample::ParseLevel(options.log_level));
    const std::string name_problem = mpsample::WalletNameProblem(options.name);
    if (!name_problem.empty()) throw std::invalid_argument("--name: " + name_problem);
    const std::string address = mpsample::ExpandNodeAddress(options.connect, mpsample::DefaultDatadir("node"));
    const mp::NetworkOptions network = mpsample::MakeNetworkOptions(options.ipc, {address});
    const std::string datadir =
        options.datadir.empty() ? mpsample::DefaultDatadir("wallet-" + options.name) : options.datadir;
    mpsample::PrepareDatadir(datadir);
    const mpsample::DatadirLock datadir_lock(datadir, "mpwallet '" + options.name + "'");

    mpwallet::WalletDb db(datadir + "/wallet.sqlite");
    auto wallet = std::make_shared<mpwallet::WalletImpl>(options.name, db);
    // Show balance changes in the terminal (a local subscription).
    auto printer = wallet->handleBalanceChanged([name = options.name](interfaces::Balances balances) {
        mpsample::Log(mpsample::Level::Info, "wallet '" + name + "' balance " +
                                                 ledger::FormatAmount(balances.confirmed) + " (unconfirmed " +
                                                 ledger::FormatAmount(balances.unconfirmed) + ")");
    });

    mpwallet::StopFlag stop;
    std::thread signal_thread([&stop] {
        const int signal_number = mpsample::WaitForTerminationSignal();
        mpsample::Log(mpsample::Level::Info, std::string("received ") + strsignal(signal_number) + ", stopping");
        stop.stop();
    });

    bool reported_waiting = false;
    while (!stop.stopped()) {
        try {
            mpwallet::RunSession(wallet, address, network, stop);
            reported_waiting = false;
        } catch (const std::exception& e) {
            // Say it once, then keep trying quietly.
            if (!reported_waiting) mpsample::Log(mpsample::Level::Warning, std::string(e.what()) + "; retrying every second");
            reported_waiting = true;
        }
        if (!stop.stopped()) stop.waitFor(std::chrono::seconds(1));
    }
    printer.reset();
    // The signal thread has returned (it set the flag).
    signal_thread.join();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"mpwallet: one named wallet of the sample. Keeps keys and history in DATADIR, follows mpnode's "
                 "chain and registers with the node so other clients reach it there."};
    Options options;
    app.add_option("--connect", options.connect, mpsample::ConnectHelp());
    app.add_option("--datadir", options.datadir, "Data directory (default: ~/.mpsample/wallet-NAME)");
    app.add_option("--name", options.name, "Wallet name, unique among the node's wallets (default: default)");
    mpsample::AddIpcOptions(app, options.ipc, mpsample::IpcRole::Client);
    return mpsample::RunServiceMain("mpwallet", app, options.log_level, argc, argv, [&] { return Run(options); });
}
