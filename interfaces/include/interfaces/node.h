#ifndef INTERFACES_NODE_H
#define INTERFACES_NODE_H

#include <interfaces/handler.h>
#include <interfaces/records.h>
#include <interfaces/wallet.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace interfaces {

//! Called by the node for subscribed GUIs and CLIs, from a node thread.
class NodeNotifications
{
public:
    virtual ~NodeNotifications() = default;
    virtual void blockConnected(const BlockSummary& block) = 0;
    virtual void mempoolChanged(int32_t size) = 0;
    virtual void walletsChanged(const std::vector<std::string>& wallets) = 0;
};

//! The node as its user interfaces see it: status, blocks, mining, and the
//! registry of wallets. (Modelled on Bitcoin Core's interfaces::Node.)
class Node
{
public:
    virtual ~Node() = default;
    virtual NodeStatus getStatus() = 0;
    virtual std::optional<Block> getBlock(int32_t height) = 0;
    //! The block with that hash (hex), if the chain has it.
    virtual std::optional<Block> getBlockByHash(const std::string& hash) = 0;
    //! The newest `count` blocks, newest first.
    virtual std::vector<BlockSummary> getRecentBlocks(int32_t count) = 0;
    virtual std::vector<Transaction> getMempool() = 0;
    //! Mines `count` blocks paying `address`; returns their hashes.
    virtual std::vector<std::string> generate(int32_t count, const std::string& address) = 0;
    virtual std::vector<std::string> listWallets() = 0;
    //! The registered wallet of that name (living in its wallet process),
    //! or null if there is none.
    virtual std::unique_ptr<Wallet> getWallet(const std::string& name) = 0;
    //! Makes wallet reachable by name until the handler is destroyed or the
    //! wallet's process disconnects. Throws if the name is taken.
    virtual std::unique_ptr<Handler> registerWallet(const std::string& name, std::shared_ptr<Wallet> wallet) = 0;
    virtual std::unique_ptr<Handler> handleNotifications(std::shared_ptr<NodeNotifications> notifications) = 0;
};

} // namespace interfaces

#endif // INTERFACES_NODE_H
