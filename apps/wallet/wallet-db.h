// mpwallet's database: keys with their labels, the wallet's confirmed
// history, and how far the chain has been scanned. SQLite, one transaction
// per change, so a crash or a full disk never leaves half a block applied.

#ifndef MPWALLET_WALLET_DB_H
#define MPWALLET_WALLET_DB_H

#include <common/sqlite-database.h>
#include <interfaces/records.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mpwallet {

struct StoredKey
{
    std::string address;
    std::vector<unsigned char> private_key;
    std::string label;
};

//! One confirmed change to one of the wallet's addresses.
struct HistoryEntry
{
    std::string address; //!< the wallet's address affected
    interfaces::WalletTransaction tx;
};

//! The last block the wallet has applied.
struct ScanPosition
{
    int32_t height = -1;
    std::string hash;
};

class WalletDb
{
public:
    //! Opens or creates the database; throws std::runtime_error with the
    //! file name and reason.
    explicit WalletDb(const std::string& path);

    std::vector<StoredKey> loadKeys();
    void addKey(const StoredKey& key);

    std::vector<HistoryEntry> loadHistory();
    ScanPosition loadScanPosition();
    //! Stores a block's entries and the new scan position atomically.
    void applyBlock(const std::vector<HistoryEntry>& entries, const ScanPosition& position);
    //! Forgets all history (the node's chain is not the one scanned).
    void resetHistory();

private:
    mpsample::SqliteDatabase m_db;
};

} // namespace mpwallet

#endif // MPWALLET_WALLET_DB_H
