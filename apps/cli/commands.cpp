#include "commands.h"

#include <interfaces/echo.h>
#include <interfaces/init.h>
#include <mp/exception-conversion.h>

#include <stdexcept>
#include <string>

namespace mpcli {

void ShowStatus(NodeSession& session, Output& out) { out.status(session.node().getStatus()); }

void ShowBlock(NodeSession& session, Output& out, const BlockRef& ref)
{
    if (const auto* hash = std::get_if<std::string>(&ref)) {
        std::optional<interfaces::Block> block = session.node().getBlockByHash(*hash);
        if (!block) throw std::runtime_error("no block with hash " + *hash + " in the node's chain");
        out.block(*block);
        return;
    }
    const int32_t height = std::get<int32_t>(ref);
    std::optional<interfaces::Block> block = session.node().getBlock(height);
    if (!block) {
        const int32_t tip = session.node().getStatus().height;
        throw std::runtime_error("no block at height " + std::to_string(height) +
                                 (tip < 0 ? " (the chain is empty)" : " (the tip is at " + std::to_string(tip) + ")"));
    }
    out.block(*block);
}

void Mine(NodeSession& session, Output& out, int32_t count, const std::optional<std::string>& address)
{
    if (address) {
        out.mined(*address, "", session.node().generate(count, *address));
        return;
    }
    const std::vector<std::string> wallets = session.node().listWallets();
    if (wallets.size() != 1) {
        throw std::runtime_error("mine: give an ADDRESS (without one, mpcli mines to the only registered wallet, but " +
                                 std::to_string(wallets.size()) + " are registered)");
    }
    const std::string to = session.wallet(wallets[0])->newAddress("mining");
    out.mined(to, wallets[0], session.node().generate(count, to));
}

void ShowMempool(NodeSession& session, Output& out) { out.mempool(session.node().getMempool()); }

void ShowWallets(NodeSession& session, Output& out) { out.wallets(session.node().listWallets()); }

void EchoText(NodeSession& session, Output& out, const std::string& text)
{
    out.echo(session.init().makeEcho()->echo(text));
}

void WalletNewAddress(NodeSession& session, Output& out, const std::string& wallet, const std::string& label)
{
    out.newAddress(session.wallet(wallet)->newAddress(label));
}

void WalletAddresses(NodeSession& session, Output& out, const std::string& wallet)
{
    out.addresses(session.wallet(wallet)->listAddresses());
}

void WalletBalance(NodeSession& session, Output& out, const std::string& wallet)
{
    out.balances(session.wallet(wallet)->getBalances());
}

void WalletSend(NodeSession& session, Output& out, const std::string& wallet, const std::string& address,
                int64_t amount, int64_t fee)
{
    try {
        out.sent(session.wallet(wallet)->send(address, amount, fee));
    } catch (const mp::DisconnectedError& e) {
        // The node went away with the payment on its way: the wallet may
        // have signed and the node accepted it before the reply was lost.
        throw std::runtime_error(std::string(e.what()) + "; the payment may have been made: look at `mpcli wallet " +
                                 wallet + " history` once the node is back before sending again");
    }
}

void WalletHistory(NodeSession& session, Output& out, const std::string& wallet, int32_t limit)
{
    out.history(session.wallet(wallet)->getHistory(limit));
}

} // namespace mpcli
