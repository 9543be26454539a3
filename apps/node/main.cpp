// mpnode: owns the chain and serves the sample's interfaces on a Unix
// socket, and on TCP with mutual TLS when asked to (--ipcbind). See docs/
// and `mpnode --help`.

#include "block-store.h"
#include "chain-state.h"
#include "node-interfaces.h"
#include "notifier.h"
#include "wallet-registry.h"

#include <common/datadir.h>
#include <common/ipc-options.h>
#include <common/logging.h>
#include <common/service-main.h>
#include <common/signals.h>
#include <interfaces/init.capnp.h>
#include <interfaces/init.capnp.proxy.h>
#include <ledger/rules.h>

#include <mp/address.h>
#include <mp/network.h>
#include <mp/proxy-io.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

//! Bounds of --mine-every (seconds), besides 0.
constexpr double kMinMiningInterval = 0.1;
constexpr double kMaxMiningInterval = 365.0 * 24 * 3600;

struct Options
{
    std::string datadir;
    std::vector<std::string> ipcbind;
    mpsample::IpcOptions ipc;
    double mine_every = 0;
    std::string mine_to;
    std::string log_level = "info";
};

//! Mines a block every `interval` until stopped.
class MiningTimer
{
public:
    MiningTimer(mpnode::ChainState& chain, std::chrono::duration<double> interval, std::string address)
    {
        m_thread = std::thread([this, &chain, interval, address] {
            std::unique_lock<std::mutex> lock(m_mutex);
            while (!m_cv.wait_for(lock, interval, [&] { return m_stop; })) {
                lock.unlock();
                try {
                    auto block = chain.mineBlock(address);
                    mpsample::Log(mpsample::Level::Info, "timer mined block " + std::to_string(block.height));
                } catch (const std::exception& e) {
                    mpsample::Log(mpsample::Level::Error, std::string("timer could not mine: ") + e.what());
                }
                lock.lock();
            }
        });
    }
    ~MiningTimer()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop{false};
    std::thread m_thread;
};

//! The addresses to listen on, "unix" expanded; DATADIR/node.sock if none.
std::vector<std::string> ListenAddresses(const Options& options, const std::string& datadir)
{
    std::vector<std::string> addresses;
    for (const std::string& address : options.ipcbind) addresses.push_back(mpsample::ExpandNodeAddress(address, datadir));
    if (addresses.empty()) addresses.push_back(mpsample::ExpandNodeAddress("unix", datadir));
    for (const std::string& address : addresses) mp::ParseSocketAddress(address); // fail before loading the chain
    return addresses;
}

int Run(const Options& options)
{
    mpsample::SetLogLevel(mpsample::ParseLevel(options.log_level));
    // A connection refused (and why) is for the node's operator to see.
    mpsample::ShowLibraryWarnings(true);
    const std::string datadir = options.datadir.empty() ? mpsample::DefaultDatadir("node") : options.datadir;
    const std::vector<std::string> addresses = ListenAddresses(options, datadir);
    const mp::NetworkOptions network = mpsample::MakeNetworkOptions(options.ipc, addresses);
    if (!options.mine_to.empty() && !ledger::IsValidAddress(options.mine_to)) {
        throw std::invalid_argument("--mine-to: malformed address '" + options.mine_to + "'");
    }
    mpsample::PrepareDatadir(datadir);
    const mpsample::DatadirLock datadir_lock(datadir, "mpnode");

    mpnode::BlockStore store(datadir + "/blocks.sqlite");
    mpnode::Notifier notifier;
    mpnode::ChainState chain(store, notifier);
    chain.load([](int done, int total) {
        fprintf(stderr, "\rmpnode: loading blocks %d/%d (%d%%)", done, total, total ? done * 100 / total : 100);
        if (done == total) fprintf(stderr, "\n");
    });
    mpnode::WalletRegistry wallets(notifier);
    mpnode::NodeContext context{chain, notifier, wallets, datadir, static_cast<int64_t>(time(nullptr))};
    std::unique_ptr<interfaces::Init> init = mpnode::MakeInit(context);

    std::promise<mp::EventLoop*> loop_promise;
    std::thread loop_thread([&] {
        mp::EventLoop loop("mpnode", mpsample::LibraryLog);
        mpsample::ConfigureLibraryLog(loop);
        loop_promise.set_value(&loop);
        loop.loop();
    });
    mp::EventLoop* loop = loop_promise.get_future().get();
    std::string listening;
    std::vector<std::string> socket_files;
    // Keeps loop() running while the listeners are made (each then holds
    // it); dropped on failure, it lets loop() return.
    std::optional<mp::EventLoopRef> starting(std::in_place, *loop);
    try {
        for (const std::string& address : addresses) {
            mp::Listening listener = mp::ListenAddress<interfaces::messages::Init>(*loop, address, *init, network);
            listening += (listening.empty() ? "" : ", ") + listener.address();
            const mp::SocketAddress bound = mp::ParseSocketAddress(listener.address());
            if (!bound.isTcp()) socket_files.push_back(bound.path);
        }
    } catch (...) {
        loop->shutdown(); // stops the listeners already made
        starting.reset();
        loop_thread.join();
        for (const std::string& path : socket_files) unlink(path.c_str());
        throw;
    }
    starting.reset();
    mpsample::Log(mpsample::Level::Info, "height " + std::to_string(chain.height()) + ", listening on " + listening);

    std::unique_ptr<MiningTimer> timer;
    if (options.mine_every > 0) {
        const std::string address = options.mine_to.empty() ? "mp" + std::string(40, '0') : options.mine_to;
        timer = std::make_unique<MiningTimer>(chain, std::chrono::duration<double>(options.mine_every), address);
        mpsample::Log(mpsample::Level::Info, "mining a block every " + std::to_string(options.mine_every) + " s to " + address);
    }

    const int signal_number = mpsample::WaitForTerminationSignal();
    mpsample::Log(mpsample::Level::Info, std::string("received ") + strsignal(signal_number) + ", shutting down");
    timer.reset();
    // Disconnects every client: their waiting calls fail with a clear
    // "disconnected (shutting down)" error; calls already running in the
    // node finish first, then loop() returns.
    loop->shutdown();
    loop_thread.join();
    // No IPC call can reach the chain any more; close the database.
    chain.close();
    for (const std::string& path : socket_files) unlink(path.c_str());
    mpsample::Log(mpsample::Level::Info, "stopped");
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"mpnode: the sample's node. Owns the chain and serves the interfaces in interfaces/*.capnp on a "
                 "Unix socket, and over TCP with mutual TLS when asked to (--ipcbind=tcp:HOST:PORT)."};
    Options options;
    app.add_option("--datadir", options.datadir, "Data directory (default: ~/.mpsample/node)");
    app.add_option("--ipcbind", options.ipcbind,
                   "Address to listen on, may be repeated: unix (DATADIR/node.sock, the default), unix:PATH, "
                   "tcp:HOST:PORT or tcp:[IPV6]:PORT (port 0: any free port, printed at startup). TCP needs "
                   "--tls-cert, --tls-key and --tls-trust.")
        ->allow_extra_args(false); // one address per --ipcbind
    // A typo such as 1e-9 would mine thousands of blocks a second and fill
    // the disk; nan would turn mining off without a word.
    const CLI::Validator mining_interval(
        [](std::string& text) -> std::string {
            double seconds = 0;
            if (!CLI::detail::lexical_cast(text, seconds) || !std::isfinite(seconds) ||
                (seconds != 0 && (seconds < kMinMiningInterval || seconds > kMaxMiningInterval))) {
                return "must be 0 (mine only on request) or from 0.1 seconds to a year, not '" + text + "'";
            }
            return "";
        },
        "SECONDS");
    app.add_option("--mine-every", options.mine_every, "Mine a block every SECONDS (0: only on request)")
        ->check(mining_interval);
    app.add_option("--mine-to", options.mine_to, "Address paid by --mine-every blocks");
    mpsample::AddIpcOptions(app, options.ipc, mpsample::IpcRole::Server);
    return mpsample::RunServiceMain("mpnode", app, options.log_level, argc, argv, [&] { return Run(options); });
}
