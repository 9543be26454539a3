#include "wallet-db.h"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

namespace mpwallet {
namespace {

struct StatementFinalize
{
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalize>;

std::string Text(sqlite3_stmt* statement, int column)
{
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

} // namespace

WalletDb::WalletDb(const std::string& path) : m_path(path)
{
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string reason = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("cannot open wallet database " + path + ": " + reason);
    }
    sqlite3_busy_timeout(m_db, 5000);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("CREATE TABLE IF NOT EXISTS keys (address TEXT PRIMARY KEY, private_key BLOB NOT NULL, "
             "label TEXT NOT NULL, position INTEGER NOT NULL)");
        exec("CREATE TABLE IF NOT EXISTS history (txid TEXT NOT NULL, address TEXT NOT NULL, "
             "amount INTEGER NOT NULL, counterparty TEXT NOT NULL, height INTEGER NOT NULL, time INTEGER NOT NULL, "
             "coinbase INTEGER NOT NULL, PRIMARY KEY (txid, address))");
        exec("CREATE TABLE IF NOT EXISTS scan (id INTEGER PRIMARY KEY CHECK (id = 0), height INTEGER NOT NULL, "
             "hash TEXT NOT NULL)");
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

WalletDb::~WalletDb()
{
    if (m_db) sqlite3_close(m_db);
}

void WalletDb::exec(const char* sql)
{
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string reason = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        throw std::runtime_error("wallet database " + m_path + ": " + reason);
    }
}

std::vector<StoredKey> WalletDb::loadKeys()
{
    sqlite3_stmt* raw = nullptr;
    sqlite3_prepare_v2(m_db, "SELECT address, private_key, label FROM keys ORDER BY position", -1, &raw, nullptr);
    Statement statement(raw);
    std::vector<StoredKey> keys;
    while (sqlite3_step(raw) == SQLITE_ROW) {
        const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(raw, 1));
        keys.push_back({Text(raw, 0), std::vector<unsigned char>(data, data + sqlite3_column_bytes(raw, 1)),
                        Text(raw, 2)});
    }
    return keys;
}

void WalletDb::addKey(const StoredKey& key)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db, "INSERT INTO keys VALUES (?, ?, ?, (SELECT COUNT(*) FROM keys))", -1, &raw,
                           nullptr) != SQLITE_OK) {
        throw std::runtime_error("wallet database " + m_path + ": " + sqlite3_errmsg(m_db));
    }
    Statement statement(raw);
    sqlite3_bind_text(raw, 1, key.address.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(raw, 2, key.private_key.data(), static_cast<int>(key.private_key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 3, key.label.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(raw) != SQLITE_DONE) {
        throw std::runtime_error("cannot store a new key in " + m_path + ": " + sqlite3_errmsg(m_db));
    }
}

std::vector<HistoryEntry> WalletDb::loadHistory()
{
    sqlite3_stmt* raw = nullptr;
    sqlite3_prepare_v2(m_db,
                       "SELECT address, txid, amount, counterparty, height, time, coinbase FROM history "
                       "ORDER BY height, rowid",
                       -1, &raw, nullptr);
    Statement statement(raw);
    std::vector<HistoryEntry> entries;
    while (sqlite3_step(raw) == SQLITE_ROW) {
        HistoryEntry entry;
        entry.address = Text(raw, 0);
        entry.tx.txid = Text(raw, 1);
        entry.tx.amount = sqlite3_column_int64(raw, 2);
        entry.tx.counterparty = Text(raw, 3);
        entry.tx.height = sqlite3_column_int(raw, 4);
        entry.tx.time = sqlite3_column_int64(raw, 5);
        entry.tx.coinbase = sqlite3_column_int(raw, 6) != 0;
        entries.push_back(std::move(entry));
    }
    return entries;
}

ScanPosition WalletDb::loadScanPosition()
{
    sqlite3_stmt* raw = nullptr;
    sqlite3_prepare_v2(m_db, "SELECT height, hash FROM scan WHERE id = 0", -1, &raw, nullptr);
    Statement statement(raw);
    ScanPosition position;
    if (sqlite3_step(raw) == SQLITE_ROW) {
        position.height = sqlite3_column_int(raw, 0);
        position.hash = Text(raw, 1);
    }
    return position;
}

void WalletDb::applyBlock(const std::vector<HistoryEntry>& entries, const ScanPosition& position)
{
    exec("BEGIN IMMEDIATE");
    try {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(m_db, "INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &raw,
                               nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(m_db));
        }
        Statement insert(raw);
        for (const auto& entry : entries) {
            sqlite3_reset(raw);
            sqlite3_bind_text(raw, 1, entry.tx.txid.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(raw, 2, entry.address.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(raw, 3, entry.tx.amount);
            sqlite3_bind_text(raw, 4, entry.tx.counterparty.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(raw, 5, entry.tx.height);
            sqlite3_bind_int64(raw, 6, entry.tx.time);
            sqlite3_bind_int(raw, 7, entry.tx.coinbase ? 1 : 0);
            if (sqlite3_step(raw) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(m_db));
        }
        if (sqlite3_prepare_v2(m_db, "INSERT OR REPLACE INTO scan VALUES (0, ?, ?)", -1, &raw, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(m_db));
        }
        Statement scan(raw);
        sqlite3_bind_int(raw, 1, position.height);
        sqlite3_bind_text(raw, 2, position.hash.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(raw) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(m_db));
        exec("COMMIT");
    } catch (const std::exception& e) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw std::runtime_error("cannot record block " + std::to_string(position.height) + " in " + m_path + ": " +
                                 e.what());
    }
}

void WalletDb::resetHistory()
{
    exec("BEGIN IMMEDIATE");
    try {
        exec("DELETE FROM history");
        exec("DELETE FROM scan");
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

} // namespace mpwallet
