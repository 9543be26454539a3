#include "wallet-db.h"

#include <sqlite3.h>

#include <stdexcept>

namespace mpwallet {

using mpsample::BlobColumn;
using mpsample::Statement;
using mpsample::TextColumn;

WalletDb::WalletDb(const std::string& path)
    : m_db("wallet database", path,
           {"CREATE TABLE IF NOT EXISTS keys (address TEXT PRIMARY KEY, private_key BLOB NOT NULL, "
            "label TEXT NOT NULL, position INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS history (txid TEXT NOT NULL, address TEXT NOT NULL, "
            "amount INTEGER NOT NULL, counterparty TEXT NOT NULL, height INTEGER NOT NULL, time INTEGER NOT NULL, "
            "coinbase INTEGER NOT NULL, PRIMARY KEY (txid, address))",
            "CREATE TABLE IF NOT EXISTS scan (id INTEGER PRIMARY KEY CHECK (id = 0), height INTEGER NOT NULL, "
            "hash TEXT NOT NULL)"})
{
}

std::vector<StoredKey> WalletDb::loadKeys()
{
    Statement statement = m_db.prepare("SELECT address, private_key, label FROM keys ORDER BY position");
    sqlite3_stmt* raw = statement.get();
    std::vector<StoredKey> keys;
    int step;
    while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
        keys.push_back({TextColumn(raw, 0), BlobColumn(raw, 1), TextColumn(raw, 2)});
    }
    m_db.checkDone(step);
    return keys;
}

void WalletDb::addKey(const StoredKey& key)
{
    Statement statement = m_db.prepare("INSERT INTO keys VALUES (?, ?, ?, (SELECT COUNT(*) FROM keys))");
    sqlite3_stmt* raw = statement.get();
    sqlite3_bind_text(raw, 1, key.address.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(raw, 2, key.private_key.data(), static_cast<int>(key.private_key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 3, key.label.c_str(), -1, SQLITE_TRANSIENT);
    try {
        m_db.stepDone(raw);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("cannot store a new key: ") + e.what());
    }
}

std::vector<HistoryEntry> WalletDb::loadHistory()
{
    Statement statement = m_db.prepare("SELECT address, txid, amount, counterparty, height, time, coinbase "
                                       "FROM history ORDER BY height, rowid");
    sqlite3_stmt* raw = statement.get();
    std::vector<HistoryEntry> entries;
    int step;
    while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
        HistoryEntry entry;
        entry.address = TextColumn(raw, 0);
        entry.tx.txid = TextColumn(raw, 1);
        entry.tx.amount = sqlite3_column_int64(raw, 2);
        entry.tx.counterparty = TextColumn(raw, 3);
        entry.tx.height = sqlite3_column_int(raw, 4);
        entry.tx.time = sqlite3_column_int64(raw, 5);
        entry.tx.coinbase = sqlite3_column_int(raw, 6) != 0;
        entries.push_back(std::move(entry));
    }
    m_db.checkDone(step);
    return entries;
}

ScanPosition WalletDb::loadScanPosition()
{
    Statement statement = m_db.prepare("SELECT height, hash FROM scan WHERE id = 0");
    sqlite3_stmt* raw = statement.get();
    ScanPosition position;
    if (sqlite3_step(raw) == SQLITE_ROW) {
        position.height = sqlite3_column_int(raw, 0);
        position.hash = TextColumn(raw, 1);
    }
    return position;
}

void WalletDb::applyBlock(const std::vector<HistoryEntry>& entries, const ScanPosition& position)
{
    try {
        m_db.transaction([&] {
            Statement insert = m_db.prepare("INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?, ?, ?, ?)");
            sqlite3_stmt* raw = insert.get();
            for (const auto& entry : entries) {
                sqlite3_reset(raw);
                sqlite3_bind_text(raw, 1, entry.tx.txid.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(raw, 2, entry.address.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(raw, 3, entry.tx.amount);
                sqlite3_bind_text(raw, 4, entry.tx.counterparty.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(raw, 5, entry.tx.height);
                sqlite3_bind_int64(raw, 6, entry.tx.time);
                sqlite3_bind_int(raw, 7, entry.tx.coinbase ? 1 : 0);
                m_db.stepDone(raw);
            }
            Statement scan = m_db.prepare("INSERT OR REPLACE INTO scan VALUES (0, ?, ?)");
            sqlite3_bind_int(scan.get(), 1, position.height);
            sqlite3_bind_text(scan.get(), 2, position.hash.c_str(), -1, SQLITE_TRANSIENT);
            m_db.stepDone(scan.get());
        });
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot record block " + std::to_string(position.height) + ": " + e.what());
    }
}

void WalletDb::resetHistory()
{
    m_db.transaction([&] {
        m_db.exec("DELETE FROM history");
        m_db.exec("DELETE FROM scan");
    });
}

} // namespace mpwallet
