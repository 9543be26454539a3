#include "node-interfaces.h"

#include <common/function-handler.h>
#include <mp/exception-conversion.h>
#include <common/logging.h>

#include <stdexcept>
#include <utility>

namespace mpnode {
namespace {

//! A registered wallet handed to another client: each call is forwarded to
//! the wallet's own process. Holding a shared_ptr keeps the wallet usable
//! even if it is unregistered while this client still holds it. If the
//! wallet's process is gone, the caller is told that, rather than the
//! library's "peer disconnected", which would read as if the node had gone.
class ForwardingWallet final : public interfaces::Wallet
{
public:
    ForwardingWallet(std::string name, std::shared_ptr<interfaces::Wallet> wallet)
        : m_name(std::move(name)), m_wallet(std::move(wallet))
    {
    }
    std::string getName() override
    {
        return forward([&] { return m_wallet->getName(); });
    }
    std::string newAddress(const std::string& label) override
    {
        return forward([&] { return m_wallet->newAddress(label); });
    }
    std::vector<interfaces::AddressInfo> listAddresses() override
    {
        return forward([&] { return m_wallet->listAddresses(); });
    }
    interfaces::Balances getBalances() override
    {
        return forward([&] { return m_wallet->getBalances(); });
    }
    std::string send(const std::string& address, int64_t amount, int64_t fee) override
    {
        return forward([&] { return m_wallet->send(address, amount, fee); });
    }
    std::vector<interfaces::WalletTransaction> getHistory(int32_t limit) override
    {
        return forward([&] { return m_wallet->getHistory(limit); });
    }
    std::unique_ptr<interfaces::Handler> handleBalanceChanged(std::function<void(interfaces::Balances)> fn) override
    {
        return forward([&] { return m_wallet->handleBalanceChanged(std::move(fn)); });
    }

private:
    template <typename Fn>
    auto forward(Fn&& fn) -> decltype(fn())
    {
        try {
            return fn();
        } catch (const mp::DisconnectedError&) {
            throw std::runtime_error("wallet '" + m_name + "' went away (its mpwallet exited or can no longer be reached)");
        }
    }

    std::string m_name;
    std::shared_ptr<interfaces::Wallet> m_wallet;
};

//! Subscribes listener (chain or node notifications) to the notifier until
//! the returned handler is destroyed (or the listener's process goes away,
//! which destroys the handler's proxy in the node).
template <typename Listener>
std::unique_ptr<interfaces::Handler> Subscribe(Notifier& notifier, std::shared_ptr<Listener> listener)
{
    const uint64_t id = notifier.add(std::move(listener));
    return std::make_unique<mpsample::FunctionHandler>([&notifier, id] { notifier.remove(id); });
}

//! What Chain and Node both offer, read from the node's chain the same way:
//! the base of ChainImpl and NodeImpl.
template <typename Interface>
class ChainReader : public Interface
{
public:
    explicit ChainReader(NodeContext& context) : m_context(context) {}
    std::optional<interfaces::Block> getBlock(int32_t height) override { return m_context.chain.block(height); }
    std::vector<interfaces::Transaction> getMempool() override { return m_context.chain.mempool(); }

protected:
    NodeContext& m_context;
};

class ChainImpl final : public ChainReader<interfaces::Chain>
{
public:
    using ChainReader::ChainReader;
    int32_t getHeight() override { return m_context.chain.height(); }
    std::vector<interfaces::Block> getBlocks(int32_t first, int32_t count) override
    {
        if (count < 0 || count > interfaces::MAX_BLOCKS_PER_CALL) {
            throw std::invalid_argument("getBlocks: count must be between 0 and " +
                                        std::to_string(interfaces::MAX_BLOCKS_PER_CALL));
        }
        return m_context.chain.blocks(first, count);
    }
    uint64_t getNextNonce(const std::string& address) override { return m_context.chain.nextNonce(address); }
    std::string broadcastTransaction(const interfaces::Transaction& tx) override
    {
        std::string txid = m_context.chain.acceptTransaction(tx);
        mpsample::Log(mpsample::Level::Info, "accepted transaction " + txid.substr(0, 16) + " from " + tx.sender);
        return txid;
    }
    std::unique_ptr<interfaces::Handler> handleNotifications(
        std::shared_ptr<interfaces::ChainNotifications> notifications) override
    {
        return Subscribe(m_context.notifier, std::move(notifications));
    }
};

class NodeImpl final : public ChainReader<interfaces::Node>
{
public:
    using ChainReader::ChainReader;
    interfaces::NodeStatus getStatus() override
    {
        interfaces::NodeStatus status;
        status.height = m_context.chain.height();
        status.tip_hash = m_context.chain.tipHash();
        status.mempool_size = m_context.chain.mempoolSize();
        status.wallets = m_context.wallets.names();
        status.datadir = m_context.datadir;
        status.start_time = m_context.start_time;
        return status;
    }
    std::optional<interfaces::Block> getBlockByHash(const std::string& hash) override
    {
        return m_context.chain.blockByHash(hash);
    }
    std::vector<interfaces::BlockSummary> getRecentBlocks(int32_t count) override
    {
        return m_context.chain.recentBlocks(count);
    }
    std::vector<std::string> generate(int32_t count, const std::string& address) override
    {
        if (count < 1 || count > interfaces::MAX_BLOCKS_PER_CALL) {
            throw std::invalid_argument("can mine between 1 and " + std::to_string(interfaces::MAX_BLOCKS_PER_CALL) +
                                        " blocks at a time");
        }
        std::vector<std::string> hashes;
        for (int32_t i = 0; i < count; ++i) {
            interfaces::Block block = m_context.chain.mineBlock(address);
            mpsample::Log(mpsample::Level::Info, "mined block " + std::to_string(block.height) + " with " +
                                                     std::to_string(block.transactions.size()) + " transaction(s)");
            hashes.push_back(block.hash);
        }
        return hashes;
    }
    std::vector<std::string> listWallets() override { return m_context.wallets.names(); }
    std::unique_ptr<interfaces::Wallet> getWallet(const std::string& name) override
    {
        std::shared_ptr<interfaces::Wallet> wallet = m_context.wallets.find(name);
        if (!wallet) return nullptr;
        return std::make_unique<ForwardingWallet>(name, std::move(wallet));
    }
    std::unique_ptr<interfaces::Handler> registerWallet(const std::string& name,
                                                        std::shared_ptr<interfaces::Wallet> wallet) override
    {
        const uint64_t id = m_context.wallets.add(name, std::move(wallet));
        return std::make_unique<mpsample::FunctionHandler>([&wallets = m_context.wallets, id] { wallets.remove(id); });
    }
    std::unique_ptr<interfaces::Handler> handleNotifications(
        std::shared_ptr<interfaces::NodeNotifications> notifications) override
    {
        return Subscribe(m_context.notifier, std::move(notifications));
    }
};

class EchoImpl final : public interfaces::Echo
{
public:
    std::string echo(const std::string& text) override { return text; }
};

class InitImpl final : public interfaces::Init
{
public:
    explicit InitImpl(NodeContext& context) : m_context(context) {}
    std::unique_ptr<interfaces::Node> makeNode() override { return std::make_unique<NodeImpl>(m_context); }
    std::unique_ptr<interfaces::Chain> makeChain() override { return std::make_unique<ChainImpl>(m_context); }
    std::unique_ptr<interfaces::Echo> makeEcho() override { return std::make_unique<EchoImpl>(); }

private:
    NodeContext& m_context;
};

} // namespace

std::unique_ptr<interfaces::Init> MakeInit(NodeContext& context)
{
    return std::make_unique<InitImpl>(context);
}

} // namespace mpnode
