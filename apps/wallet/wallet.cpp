#include "wallet.h"

#include <common/function-handler.h>
#include <common/logging.h>
#include <ledger/amount.h>
#include <ledger/crypto.h>
#include <ledger/rules.h>

#include <algorithm>
#include <stdexcept>

namespace mpwallet {

using interfaces::TransactionRejected;

WalletImpl::WalletImpl(std::string name, WalletDb& db) : m_name(std::move(name)), m_db(db)
{
    m_keys = m_db.loadKeys();
    for (size_t i = 0; i < m_keys.size(); ++i) m_key_index[m_keys[i].address] = i;
    m_history = m_db.loadHistory();
    m_position = m_db.loadScanPosition();
}

std::string WalletImpl::newAddress(const std::string& label)
{
    ledger::KeyPair pair = ledger::GenerateKeyPair();
    StoredKey key{ledger::AddressOf(pair.public_key), pair.private_key, label};
    std::lock_guard<std::mutex> lock(m_mutex);
    m_db.addKey(key); // first, so a key is never handed out unsaved
    m_key_index[key.address] = m_keys.size();
    m_keys.push_back(key);
    return key.address;
}

std::vector<interfaces::AddressInfo> WalletImpl::listAddresses()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<interfaces::AddressInfo> out;
    for (const auto& key : m_keys) out.push_back({key.address, key.label});
    return out;
}

interfaces::Balances WalletImpl::balancesLocked()
{
    interfaces::Balances balances;
    for (const auto& entry : m_history) balances.confirmed += entry.tx.amount;
    balances.unconfirmed = balances.confirmed;
    for (const auto& [txid, entries] : m_pending) {
        for (const auto& entry : entries) balances.unconfirmed += entry.tx.amount;
    }
    return balances;
}

interfaces::Balances WalletImpl::getBalances()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return balancesLocked();
}

std::vector<interfaces::WalletTransaction> WalletImpl::getHistory(int32_t limit)
{
    if (limit < 0) throw std::invalid_argument("getHistory: limit must not be negative (0 means all)");
    const size_t wanted = limit == 0 ? SIZE_MAX : static_cast<size_t>(limit);
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<interfaces::WalletTransaction> out;
    // Newest first: payments not mined yet, latest seen first, then the
    // confirmed history from the tip down.
    for (auto txid = m_pending_order.rbegin(); txid != m_pending_order.rend(); ++txid) {
        for (const auto& entry : m_pending.at(*txid)) {
            if (out.size() == wanted) return out;
            out.push_back(entry.tx);
        }
    }
    for (auto it = m_history.rbegin(); it != m_history.rend() && out.size() < wanted; ++it) out.push_back(it->tx);
    return out;
}

std::string WalletImpl::send(const std::string& address, int64_t amount, int64_t fee)
{
    if (!ledger::IsValidAddress(address)) throw TransactionRejected("malformed address '" + address + "'");
    if (amount <= 0) throw TransactionRejected("amount must be positive");
    if (fee < 0) throw TransactionRejected("fee must not be negative");
    if (amount > ledger::MAX_COINS * interfaces::COIN || fee > ledger::MAX_COINS * interfaces::COIN) {
        throw TransactionRejected("amount too large");
    }

    const std::string txid = broadcastPayment(address, amount, fee);
    // Outside the send lock: a slow subscriber must not delay the next send.
    notifyBalanceChanged();
    mpsample::Log(mpsample::Level::Info, "sent " + ledger::FormatAmount(amount) + " to " + address + " (" + txid + ")");
    return txid;
}

std::string WalletImpl::broadcastPayment(const std::string& address, int64_t amount, int64_t fee)
{
    // One send at a time, so two sends cannot pick the same nonce.
    std::lock_guard<std::mutex> send_lock(m_send_mutex);
    std::shared_ptr<interfaces::Chain> chain;
    StoredKey from;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        chain = m_chain;
        if (!chain) throw std::runtime_error("wallet '" + m_name + "' is not connected to a node");
        // Each address is an account: pay from the one with the most
        // spendable coins (confirmed, less what pending sends spend).
        std::map<std::string, int64_t> spendable;
        for (const auto& entry : m_history) spendable[entry.address] += entry.tx.amount;
        for (const auto& [pending_txid, entries] : m_pending) {
            for (const auto& entry : entries) {
                if (entry.tx.amount < 0) spendable[entry.address] += entry.tx.amount;
            }
        }
        int64_t best = 0;
        for (const auto& [own, coins] : spendable) {
            if (coins > best && m_key_index.count(own)) {
                best = coins;
                from = m_keys[m_key_index[own]];
            }
        }
        if (best < amount + fee) {
            throw TransactionRejected("insufficient funds: the most any address of wallet '" + m_name +
                                      "' can spend is " + ledger::FormatAmount(best) + ", this needs " +
                                      ledger::FormatAmount(amount + fee));
        }
    }

    interfaces::Transaction tx;
    tx.recipient = address;
    tx.amount = amount;
    tx.fee = fee;
    tx.nonce = chain->getNextNonce(from.address);
    ledger::SignTransaction(tx, from.private_key);
    std::string txid = chain->broadcastTransaction(tx); // throws the node's reason
    addPending(tx);
    return txid;
}

std::unique_ptr<interfaces::Handler> WalletImpl::handleBalanceChanged(std::function<void(interfaces::Balances)> fn)
{
    uint64_t id;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        id = m_next_listener_id++;
        m_balance_listeners.emplace(id, std::move(fn));
    }
    return std::make_unique<mpsample::FunctionHandler>([this, id] {
        std::function<void(interfaces::Balances)> removed; // released after unlocking
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_balance_listeners.find(id);
        if (it == m_balance_listeners.end()) return;
        removed = std::move(it->second);
        m_balance_listeners.erase(it);
    });
}

void WalletImpl::notifyBalanceChanged()
{
    std::vector<std::pair<uint64_t, std::function<void(interfaces::Balances)>>> listeners;
    interfaces::Balances balances;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        balances = balancesLocked();
        if (balances.confirmed == m_last_notified.confirmed && balances.unconfirmed == m_last_notified.unconfirmed) {
            return;
        }
        m_last_notified = balances;
        listeners.assign(m_balance_listeners.begin(), m_balance_listeners.end());
    }
    for (auto& [id, fn] : listeners) {
        try {
            fn(balances);
        } catch (const std::exception& e) {
            // The subscriber's process is gone: forget it.
            mpsample::Log(mpsample::Level::Info, std::string("dropping a balance subscriber: ") + e.what());
            std::lock_guard<std::mutex> lock(m_mutex);
            m_balance_listeners.erase(id);
        }
    }
}

void WalletImpl::attachChain(std::shared_ptr<interfaces::Chain> chain)
{
    std::shared_ptr<interfaces::Chain> old; // released after unlocking
    std::lock_guard<std::mutex> lock(m_mutex);
    old = std::exchange(m_chain, std::move(chain));
}

int32_t WalletImpl::scannedHeight()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_position.height;
}

std::vector<HistoryEntry> WalletImpl::entriesFor(const interfaces::Transaction& tx, int32_t height, int64_t time)
{
    std::vector<HistoryEntry> entries;
    if (m_key_index.count(tx.sender)) {
        entries.push_back({tx.sender, {tx.txid, -(tx.amount + tx.fee), tx.recipient, height, time, false}});
    }
    if (m_key_index.count(tx.recipient)) {
        entries.push_back({tx.recipient, {tx.txid, tx.amount, tx.sender, height, time, false}});
    }
    return entries;
}

std::vector<HistoryEntry> WalletImpl::entriesFor(const interfaces::Block& block)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<HistoryEntry> entries;
    if (m_key_index.count(block.miner)) {
        entries.push_back({block.miner,
                           {block.hash, block.reward, "mined block " + std::to_string(block.height), block.height,
                            block.time, true}});
    }
    for (const auto& tx : block.transactions) {
        for (auto& entry : entriesFor(tx, block.height, block.time)) entries.push_back(std::move(entry));
    }
    return entries;
}

void WalletImpl::applyBlock(const interfaces::Block& block)
{
    std::vector<HistoryEntry> entries = entriesFor(block);
    const ScanPosition position{block.height, block.hash};
    m_db.applyBlock(entries, position); // first: memory follows what is stored
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto& entry : entries) m_history.push_back(std::move(entry));
    for (const auto& tx : block.transactions) m_pending.erase(tx.txid);
    std::erase_if(m_pending_order, [&](const std::string& txid) { return !m_pending.contains(txid); });
    m_position = position;
}

void WalletImpl::rescan(interfaces::Chain& chain, const std::function<void(int, int)>& progress)
{
    std::lock_guard<std::mutex> scan_lock(m_scan_mutex);
    const ScanPosition position = m_db.loadScanPosition();
    if (position.height >= 0) {
        std::optional<interfaces::Block> block = chain.getBlock(position.height);
        if (!block || block->hash != position.hash) {
            mpsample::Log(mpsample::Level::Warning,
                          "the node's chain is not the one this wallet scanned; rescanning from the first block");
            m_db.resetHistory();
            std::lock_guard<std::mutex> lock(m_mutex);
            m_history.clear();
            m_position = ScanPosition{};
        }
    }
    const int32_t tip = chain.getHeight();
    const int32_t first = scannedHeight() + 1;
    const int total = std::max(0, tip - first + 1);
    int done = 0;
    constexpr int32_t batch = 100;
    for (int32_t height = first; height <= tip; height += batch) {
        for (const auto& block : chain.getBlocks(height, batch)) {
            if (block.height != scannedHeight() + 1) continue; // already applied by a notification
            applyBlock(block);
            ++done;
        }
        if (progress) progress(std::min(done, total), total);
    }
    notifyBalanceChanged();
}

void WalletImpl::resetMempool(const std::vector<interfaces::Transaction>& mempool)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending.clear();
        m_pending_order.clear();
    }
    for (const auto& tx : mempool) addPending(tx);
    notifyBalanceChanged();
}

void WalletImpl::addPending(const interfaces::Transaction& tx)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<HistoryEntry> entries = entriesFor(tx, -1, 0);
    if (entries.empty()) return;
    auto [it, added] = m_pending.insert_or_assign(tx.txid, std::move(entries));
    if (added) m_pending_order.push_back(tx.txid);
}

void WalletImpl::blockConnected(const interfaces::Block& block)
{
    try {
        std::lock_guard<std::mutex> scan_lock(m_scan_mutex);
        const int32_t scanned = scannedHeight();
        if (block.height <= scanned) return; // seen in a rescan
        if (block.height > scanned + 1) {
            // Blocks were missed (e.g. mined while rescanning): fetch them.
            std::shared_ptr<interfaces::Chain> chain;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                chain = m_chain;
            }
            if (!chain) return;
            for (const auto& missed : chain->getBlocks(scanned + 1, block.height - scanned - 1)) {
                if (missed.height == scannedHeight() + 1) applyBlock(missed);
            }
        }
        if (block.height == scannedHeight() + 1) applyBlock(block);
    } catch (const std::exception& e) {
        // Nobody else would say it: the node does not wait for the answer
        // to a notification. Nothing is lost: the wallet stays at the last
        // block it stored, and the next block (or a restart) fetches what
        // it missed.
        mpsample::Log(mpsample::Level::Error, "cannot apply block " + std::to_string(block.height) + ": " + e.what() +
                                                  "; the wallet stays at height " + std::to_string(scannedHeight()) +
                                                  " and catches up with the next block");
        return;
    }
    notifyBalanceChanged();
}

void WalletImpl::transactionAddedToMempool(const interfaces::Transaction& tx)
{
    addPending(tx);
    notifyBalanceChanged();
}

} // namespace mpwallet
