#include "session.h"

#include <common/logging.h>
#include <common/node-client.h>
#include <ledger/amount.h>

#include <cstdio>

namespace mpwallet {

void RunSession(const std::shared_ptr<WalletImpl>& wallet, const std::string& address,
                const mp::NetworkOptions& network, StopFlag& stop)
{
    mpsample::NodeClient client("mpwallet", address, network, mpsample::LibraryLog);
    client.onDisconnect([&stop] { stop.wake(); });

    // Proxies are declared after `client`, so they are destroyed first.
    std::shared_ptr<interfaces::Chain> chain = client.init().makeChain();
    std::unique_ptr<interfaces::Node> node = client.init().makeNode();
    wallet->attachChain(chain);

    // Subscribe before catching up, so no block falls between the two; the
    // wallet ignores blocks it has already applied.
    std::unique_ptr<interfaces::Handler> notifications =
        chain->handleNotifications(std::make_shared<WalletNotifications>(*wallet));
    const int32_t before = wallet->scannedHeight();
    wallet->rescan(*chain, [](int done, int total) {
        if (total == 0) return;
        fprintf(stderr, "\rmpwallet: rescanning blocks %d/%d (%d%%)", done, total, done * 100 / total);
        if (done == total) fprintf(stderr, "\n");
    });
    wallet->resetMempool(chain->getMempool());
    std::unique_ptr<interfaces::Handler> registration = node->registerWallet(wallet->getName(), wallet);

    const interfaces::Balances balances = wallet->getBalances();
    mpsample::Log(mpsample::Level::Info,
                  "connected to " + address + " as wallet '" + wallet->getName() + "': caught up from height " +
                      std::to_string(before) + " to " + std::to_string(wallet->scannedHeight()) + ", balance " +
                      ledger::FormatAmount(balances.confirmed) + " (unconfirmed " +
                      ledger::FormatAmount(balances.unconfirmed) + ")");

    while (!stop.stopped() && !client.disconnected()) stop.wait();

    wallet->attachChain(nullptr);
    if (client.disconnected()) {
        mpsample::Log(mpsample::Level::Warning, "lost the connection to the node; will reconnect when it is back");
    } else {
        // Stopping: unregister politely while the node is still there.
        try {
            registration.reset();
            notifications.reset();
        } catch (const std::exception& e) {
            mpsample::Log(mpsample::Level::Debug, std::string("while unregistering: ") + e.what());
        }
    }
}

} // namespace mpwallet
