// The node's ledger: blocks, account balances and nonces, and the mempool.
//
// Thread-safe: every public method takes m_mutex, so IPC calls from any
// number of client threads, the miner timer and notifications may run at
// once. Blocks and accepted transactions are written to the BlockStore
// before they change memory, so a failed write (full disk) leaves the node
// exactly as it was, and the mempool survives a restart.

#ifndef MPNODE_CHAIN_STATE_H
#define MPNODE_CHAIN_STATE_H

#include "block-store.h"
#include "notifier.h"

#include <interfaces/records.h>

#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mpnode {

class ChainState
{
public:
    ChainState(BlockStore& store, Notifier& notifier);

    //! Replays the stored blocks, checking each as if it were new, then
    //! restores the stored mempool (dropping, with a warning, transactions
    //! no longer valid). Calls progress(done, total). Throws
    //! std::runtime_error if a stored block is invalid (a damaged
    //! database), naming its height.
    void load(const std::function<void(int, int)>& progress);

    //! -1 when there is no block yet.
    int32_t height();
    std::string tipHash();
    std::optional<interfaces::Block> block(int32_t height);
    std::optional<interfaces::Block> blockByHash(const std::string& hash);
    std::vector<interfaces::Block> blocks(int32_t first, int32_t count);
    std::vector<interfaces::BlockSummary> recentBlocks(int32_t count);
    std::vector<interfaces::Transaction> mempool();
    int32_t mempoolSize();
    uint64_t nextNonce(const std::string& address);
    int64_t balance(const std::string& address);

    //! Validates tx against the chain and the mempool and adds it. Returns
    //! its txid; throws interfaces::TransactionRejected with the reason.
    std::string acceptTransaction(const interfaces::Transaction& tx);

    //! Mines one block with the mempool's transactions, paying the subsidy
    //! and fees to address. Throws std::invalid_argument for a malformed
    //! address and std::runtime_error if the block cannot be stored.
    interfaces::Block mineBlock(const std::string& address);

    //! Waits for any block being written, then closes the database: later
    //! mining fails with an error. For shutdown.
    void close();

private:
    struct Account
    {
        int64_t balance = 0;
        uint64_t nonce = 0;
    };

    //! The sender's side of tx: pays amount and fee, uses up a nonce.
    static void ApplySpend(std::map<std::string, Account>& accounts, const interfaces::Transaction& tx);
    //! Both sides of tx: the spend, and the recipient's credit.
    static void ApplyTransfer(std::map<std::string, Account>& accounts, const interfaces::Transaction& tx);
    //! Why tx cannot follow `accounts` ("" if it can). Caller holds m_mutex.
    std::string checkAgainst(const std::map<std::string, Account>& accounts, const interfaces::Transaction& tx);
    //! Applies a checked block to m_accounts and m_blocks.
    void connect(const interfaces::Block& block);
    //! The accounts after the mempool's transactions.
    std::map<std::string, Account> pendingAccounts();
    //! Why tx cannot join the mempool now ("" if it can): already in it,
    //! or not valid after the mempool's transactions. Caller holds m_mutex.
    std::string whyNotAcceptable(const interfaces::Transaction& tx);
    //! Takes the stored mempool's transactions that are still acceptable
    //! (whyNotAcceptable), in order, and forgets the others. Caller holds
    //! m_mutex.
    void loadMempoolLocked();

    BlockStore& m_store;
    Notifier& m_notifier;
    std::mutex m_mutex;
    std::vector<interfaces::Block> m_blocks;
    //! Height of each block in m_blocks by its hash.
    std::unordered_map<std::string, int32_t> m_heights_by_hash;
    std::map<std::string, Account> m_accounts;
    std::vector<interfaces::Transaction> m_mempool;
};

} // namespace mpnode

#endif // MPNODE_CHAIN_STATE_H
