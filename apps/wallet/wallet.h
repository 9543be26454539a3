// The wallet: keys, history and balances, kept in step with the node's
// chain. This object is what mpwallet serves (through the node's registry)
// as interfaces::Wallet; main.cpp's session code attaches it to a node's
// Chain and feeds it notifications.
//
// Threading: every method may be called from any thread. m_mutex guards
// the state; m_scan_mutex orders block processing (rescans and
// notifications); m_send_mutex keeps one send at a time, so two sends do
// not pick the same nonce. Balance listeners are called with no lock held.

#ifndef MPWALLET_WALLET_H
#define MPWALLET_WALLET_H

#include "wallet-db.h"

#include <interfaces/chain.h>
#include <interfaces/wallet.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mpwallet {

class WalletImpl final : public interfaces::Wallet
{
public:
    WalletImpl(std::string name, WalletDb& db);

    // interfaces::Wallet
    std::string getName() override { return m_name; }
    std::string newAddress(const std::string& label) override;
    std::vector<interfaces::AddressInfo> listAddresses() override;
    interfaces::Balances getBalances() override;
    std::string send(const std::string& address, int64_t amount, int64_t fee) override;
    std::vector<interfaces::WalletTransaction> getHistory(int32_t limit) override;
    std::unique_ptr<interfaces::Handler> handleBalanceChanged(std::function<void(interfaces::Balances)> fn) override;

    //! Uses chain for sending from now on (null: not connected).
    void attachChain(std::shared_ptr<interfaces::Chain> chain);
    //! Applies every block the wallet has not seen yet; if the node's chain
    //! is not the one scanned before, starts again from the first block.
    //! Calls progress(done, total) as it goes.
    void rescan(interfaces::Chain& chain, const std::function<void(int, int)>& progress);
    //! Replaces the pending (mempool) transactions with the node's.
    void resetMempool(const std::vector<interfaces::Transaction>& mempool);

    // Notifications from the node (see WalletNotifications).
    void blockConnected(const interfaces::Block& block);
    void transactionAddedToMempool(const interfaces::Transaction& tx);

    int32_t scannedHeight();

private:
    //! What tx means to this wallet: an entry per own address it touches.
    std::vector<HistoryEntry> entriesFor(const interfaces::Transaction& tx, int32_t height, int64_t time);
    std::vector<HistoryEntry> entriesFor(const interfaces::Block& block);
    //! Applies one block (the next after the scan position). Caller holds
    //! m_scan_mutex.
    void applyBlock(const interfaces::Block& block);
    void addPending(const interfaces::Transaction& tx);
    //! Picks the paying address, signs, broadcasts and records the payment
    //! as pending; returns its txid. Holds m_send_mutex.
    std::string broadcastPayment(const std::string& address, int64_t amount, int64_t fee);
    interfaces::Balances balancesLocked();
    void notifyBalanceChanged();

    const std::string m_name;
    WalletDb& m_db;

    std::mutex m_scan_mutex;
    std::mutex m_send_mutex;

    std::mutex m_mutex;
    std::vector<StoredKey> m_keys;
    std::map<std::string, size_t> m_key_index; //!< address -> index in m_keys
    std::vector<HistoryEntry> m_history;       //!< confirmed, oldest first
    std::map<std::string, std::vector<HistoryEntry>> m_pending; //!< by txid
    std::vector<std::string> m_pending_order;                   //!< txids of m_pending, oldest first
    ScanPosition m_position;
    std::shared_ptr<interfaces::Chain> m_chain;
    uint64_t m_next_listener_id{1};
    std::map<uint64_t, std::function<void(interfaces::Balances)>> m_balance_listeners;
    interfaces::Balances m_last_notified{-1, -1};
};

//! Forwards the node's chain notifications to a wallet.
class WalletNotifications final : public interfaces::ChainNotifications
{
public:
    explicit WalletNotifications(WalletImpl& wallet) : m_wallet(wallet) {}
    void blockConnected(const interfaces::Block& block) override { m_wallet.blockConnected(block); }
    void transactionAddedToMempool(const interfaces::Transaction& tx) override
    {
        m_wallet.transactionAddedToMempool(tx);
    }

private:
    WalletImpl& m_wallet;
};

} // namespace mpwallet

#endif // MPWALLET_WALLET_H
