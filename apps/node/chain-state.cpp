#include "chain-state.h"

#include <common/logging.h>
#include <ledger/amount.h>
#include <ledger/rules.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace mpnode {

void ChainState::ApplySpend(std::map<std::string, Account>& accounts, const interfaces::Transaction& tx)
{
    accounts[tx.sender].balance -= tx.amount + tx.fee;
    accounts[tx.sender].nonce += 1;
}

void ChainState::ApplyTransfer(std::map<std::string, Account>& accounts, const interfaces::Transaction& tx)
{
    ApplySpend(accounts, tx);
    accounts[tx.recipient].balance += tx.amount;
}

ChainState::ChainState(BlockStore& store, Notifier& notifier) : m_store(store), m_notifier(notifier) {}

void ChainState::load(const std::function<void(int, int)>& progress)
{
    std::vector<interfaces::Block> stored = m_store.loadAll(nullptr);
    std::lock_guard<std::mutex> lock(m_mutex);
    const int total = static_cast<int>(stored.size());
    int done = 0;
    for (const auto& block : stored) {
        const std::string where = "stored block " + std::to_string(block.height) + " is invalid: ";
        if (block.height != static_cast<int32_t>(m_blocks.size())) throw std::runtime_error(where + "height out of order");
        const std::string expected_prev = m_blocks.empty() ? ledger::NullHash() : m_blocks.back().hash;
        if (block.prev_hash != expected_prev) throw std::runtime_error(where + "does not follow the previous block");
        if (block.hash != ledger::ComputeBlockHash(block)) throw std::runtime_error(where + "hash mismatch");
        std::map<std::string, Account> accounts = m_accounts;
        int64_t fees = 0;
        for (const auto& tx : block.transactions) {
            if (std::string reason = checkAgainst(accounts, tx); !reason.empty()) {
                throw std::runtime_error(where + "transaction " + tx.txid + ": " + reason);
            }
            ApplyTransfer(accounts, tx);
            fees += tx.fee;
        }
        if (block.reward != ledger::BLOCK_SUBSIDY + fees) throw std::runtime_error(where + "wrong reward");
        connect(block);
        ++done;
        if (progress && (done % 200 == 0 || done == total)) progress(done, total);
    }
    loadMempoolLocked();
}

void ChainState::loadMempoolLocked()
{
    // Checked again in order, as when they were accepted: a damaged or
    // hand-edited file must not put an invalid transaction in a block.
    std::vector<std::string> dropped;
    for (auto& tx : m_store.loadMempool()) {
        if (const std::string reason = whyNotAcceptable(tx); !reason.empty()) {
            mpsample::Log(mpsample::Level::Warning, "stored mempool transaction " + tx.txid +
                                                        " is no longer valid, dropped: " + reason);
            dropped.push_back(tx.txid);
            continue;
        }
        m_mempool.push_back(std::move(tx));
    }
    if (!dropped.empty()) m_store.removeFromMempool(dropped);
    if (!m_mempool.empty()) {
        mpsample::Log(mpsample::Level::Info,
                      "mempool: " + std::to_string(m_mempool.size()) + " transaction(s) restored from disk");
    }
}

void ChainState::close()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_store.close();
}

int32_t ChainState::height()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return static_cast<int32_t>(m_blocks.size()) - 1;
}

std::string ChainState::tipHash()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_blocks.empty() ? ledger::NullHash() : m_blocks.back().hash;
}

std::optional<interfaces::Block> ChainState::block(int32_t height)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (height < 0 || height >= static_cast<int32_t>(m_blocks.size())) return std::nullopt;
    return m_blocks[height];
}

std::optional<interfaces::Block> ChainState::blockByHash(const std::string& hash)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto found = m_heights_by_hash.find(hash);
    if (found == m_heights_by_hash.end()) return std::nullopt;
    return m_blocks[found->second];
}

std::vector<interfaces::Block> ChainState::blocks(int32_t first, int32_t count)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<interfaces::Block> out;
    const int32_t size = static_cast<int32_t>(m_blocks.size());
    first = std::max(first, 0);
    for (int32_t h = first; h < size && h - first < count; ++h) out.push_back(m_blocks[h]);
    return out;
}

std::vector<interfaces::BlockSummary> ChainState::recentBlocks(int32_t count)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<interfaces::BlockSummary> out;
    for (auto it = m_blocks.rbegin(); it != m_blocks.rend() && static_cast<int32_t>(out.size()) < count; ++it) {
        out.push_back({it->height, it->hash, it->time, it->miner, static_cast<int32_t>(it->transactions.size())});
    }
    return out;
}

std::vector<interfaces::Transaction> ChainState::mempool()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_mempool;
}

int32_t ChainState::mempoolSize()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return static_cast<int32_t>(m_mempool.size());
}

uint64_t ChainState::nextNonce(const std::string& address)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto pending = pendingAccounts();
    auto it = pending.find(address);
    return it == pending.end() ? 0 : it->second.nonce;
}

int64_t ChainState::balance(const std::string& address)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_accounts.find(address);
    return it == m_accounts.end() ? 0 : it->second.balance;
}

std::map<std::string, ChainState::Account> ChainState::pendingAccounts()
{
    std::map<std::string, Account> accounts = m_accounts;
    for (const auto& tx : m_mempool) {
        ApplySpend(accounts, tx);
        // Incoming mempool payments are not spendable until mined.
    }
    return accounts;
}

std::string ChainState::checkAgainst(const std::map<std::string, Account>& accounts, const interfaces::Transaction& tx)
{
    if (std::string reason = ledger::CheckTransaction(tx); !reason.empty()) return reason;
    auto it = accounts.find(tx.sender);
    const Account sender = it == accounts.end() ? Account{} : it->second;
    if (tx.nonce != sender.nonce) {
        return "bad nonce " + std::to_string(tx.nonce) + " (expected " + std::to_string(sender.nonce) + ")";
    }
    if (tx.amount + tx.fee > sender.balance) {
        return "insufficient funds: " + tx.sender + " has " + ledger::FormatAmount(sender.balance) + ", needs " +
               ledger::FormatAmount(tx.amount + tx.fee);
    }
    return "";
}

void ChainState::connect(const interfaces::Block& block)
{
    for (const auto& tx : block.transactions) {
        ApplyTransfer(m_accounts, tx);
    }
    m_accounts[block.miner].balance += block.reward;
    m_heights_by_hash.emplace(block.hash, block.height);
    m_blocks.push_back(block);
}

std::string ChainState::whyNotAcceptable(const interfaces::Transaction& tx)
{
    for (const auto& pending : m_mempool) {
        if (pending.txid == tx.txid) return "transaction already in the mempool";
    }
    return checkAgainst(pendingAccounts(), tx);
}

std::string ChainState::acceptTransaction(const interfaces::Transaction& tx)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (std::string reason = whyNotAcceptable(tx); !reason.empty()) throw interfaces::TransactionRejected(reason);
    // On disk first: if it cannot be stored, the sender hears so and the
    // node has not taken the payment.
    m_store.addToMempool(tx);
    m_mempool.push_back(tx);
    // Published under the lock so subscribers see events in chain order
    // (publishing only queues them).
    m_notifier.transactionAdded(tx, static_cast<int32_t>(m_mempool.size()));
    return tx.txid;
}

interfaces::Block ChainState::mineBlock(const std::string& address)
{
    if (!ledger::IsValidAddress(address)) throw std::invalid_argument("malformed address '" + address + "'");
    interfaces::Block block;
    std::lock_guard<std::mutex> lock(m_mutex);
    {
        block.height = static_cast<int32_t>(m_blocks.size());
        block.prev_hash = m_blocks.empty() ? ledger::NullHash() : m_blocks.back().hash;
        const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        block.time = m_blocks.empty() ? now : std::max(now, m_blocks.back().time);
        block.miner = address;
        // Take mempool transactions that are still valid in order; anything
        // that no longer fits (it cannot happen with a consistent mempool,
        // but the check is cheap) stays out.
        std::map<std::string, Account> accounts = m_accounts;
        int64_t fees = 0;
        for (const auto& tx : m_mempool) {
            if (!checkAgainst(accounts, tx).empty()) continue;
            ApplyTransfer(accounts, tx);
            fees += tx.fee;
            block.transactions.push_back(tx);
        }
        block.reward = ledger::BLOCK_SUBSIDY + fees;
        block.hash = ledger::ComputeBlockHash(block);
        m_store.append(block); // throws, changing nothing, if the disk is full
        connect(block);
        m_mempool.clear();
    }
    m_notifier.blockConnected(block, 0);
    return block;
}

} // namespace mpnode
