#ifndef INTERFACES_CHAIN_H
#define INTERFACES_CHAIN_H

#include <interfaces/handler.h>
#include <interfaces/records.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace interfaces {

//! Called by the node for a subscribed wallet, from a node thread, in the
//! order events happen.
class ChainNotifications
{
public:
    virtual ~ChainNotifications() = default;
    virtual void blockConnected(const Block& block) = 0;
    virtual void transactionAddedToMempool(const Transaction& tx) = 0;
};

//! What a wallet needs from the node: the chain, the mempool, broadcasting,
//! and notifications. (Modelled on Bitcoin Core's interfaces::Chain.)
class Chain
{
public:
    virtual ~Chain() = default;
    //! Height of the tip; -1 when there is no block yet.
    virtual int32_t getHeight() = 0;
    virtual std::optional<Block> getBlock(int32_t height) = 0;
    //! Up to `count` blocks from height `first` on, for rescans in batches.
    virtual std::vector<Block> getBlocks(int32_t first, int32_t count) = 0;
    virtual std::vector<Transaction> getMempool() = 0;
    //! The nonce the next transaction from this address must carry,
    //! counting mempool transactions.
    virtual uint64_t getNextNonce(const std::string& address) = 0;
    //! Validates tx and adds it to the mempool; returns its txid. Throws
    //! TransactionRejected with the reason if the node refuses it.
    virtual std::string broadcastTransaction(const Transaction& tx) = 0;
    virtual std::unique_ptr<Handler> handleNotifications(std::shared_ptr<ChainNotifications> notifications) = 0;
};

} // namespace interfaces

#endif // INTERFACES_CHAIN_H
