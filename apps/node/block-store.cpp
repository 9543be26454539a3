#include "block-store.h"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

namespace mpnode {
namespace {

struct StatementFinalize
{
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalize>;

std::string Column(sqlite3_stmt* statement, int column)
{
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

std::vector<unsigned char> BlobColumn(sqlite3_stmt* statement, int column)
{
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(statement, column));
    return std::vector<unsigned char>(data, data + sqlite3_column_bytes(statement, column));
}

} // namespace

BlockStore::BlockStore(const std::string& path) : m_path(path)
{
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string reason = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("cannot open block database " + path + ": " + reason);
    }
    sqlite3_busy_timeout(m_db, 5000);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, hash TEXT NOT NULL, "
             "prev_hash TEXT NOT NULL, time INTEGER NOT NULL, miner TEXT NOT NULL, reward INTEGER NOT NULL)");
        exec("CREATE TABLE IF NOT EXISTS transactions (height INTEGER NOT NULL, position INTEGER NOT NULL, "
             "txid TEXT NOT NULL, sender_key BLOB NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, "
             "amount INTEGER NOT NULL, fee INTEGER NOT NULL, nonce INTEGER NOT NULL, signature BLOB NOT NULL, "
             "PRIMARY KEY (height, position))");
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

BlockStore::~BlockStore()
{
    close();
}

void BlockStore::close()
{
    if (m_db) sqlite3_close(m_db);
    m_db = nullptr;
}

void BlockStore::exec(const char* sql)
{
    if (!m_db) throw std::runtime_error("block database " + m_path + " is closed");
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string reason = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        throw std::runtime_error("block database " + m_path + ": " + reason);
    }
}

std::vector<interfaces::Block> BlockStore::loadAll(const std::function<void(int, int)>& progress)
{
    auto prepare = [&](const char* sql) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &raw, nullptr) != SQLITE_OK) {
            throw std::runtime_error("block database " + m_path + ": " + sqlite3_errmsg(m_db));
        }
        return Statement(raw);
    };
    Statement count = prepare("SELECT COUNT(*) FROM blocks");
    const int total = sqlite3_step(count.get()) == SQLITE_ROW ? sqlite3_column_int(count.get(), 0) : 0;

    std::vector<interfaces::Block> blocks;
    blocks.reserve(total);
    Statement block_rows = prepare("SELECT height, hash, prev_hash, time, miner, reward FROM blocks ORDER BY height");
    Statement tx_rows = prepare("SELECT txid, sender_key, sender, recipient, amount, fee, nonce, signature "
                                "FROM transactions WHERE height = ? ORDER BY position");
    int step;
    while ((step = sqlite3_step(block_rows.get())) == SQLITE_ROW) {
        interfaces::Block block;
        block.height = sqlite3_column_int(block_rows.get(), 0);
        block.hash = Column(block_rows.get(), 1);
        block.prev_hash = Column(block_rows.get(), 2);
        block.time = sqlite3_column_int64(block_rows.get(), 3);
        block.miner = Column(block_rows.get(), 4);
        block.reward = sqlite3_column_int64(block_rows.get(), 5);
        sqlite3_reset(tx_rows.get());
        sqlite3_bind_int(tx_rows.get(), 1, block.height);
        while (sqlite3_step(tx_rows.get()) == SQLITE_ROW) {
            interfaces::Transaction tx;
            tx.txid = Column(tx_rows.get(), 0);
            tx.sender_key = BlobColumn(tx_rows.get(), 1);
            tx.sender = Column(tx_rows.get(), 2);
            tx.recipient = Column(tx_rows.get(), 3);
            tx.amount = sqlite3_column_int64(tx_rows.get(), 4);
            tx.fee = sqlite3_column_int64(tx_rows.get(), 5);
            tx.nonce = static_cast<uint64_t>(sqlite3_column_int64(tx_rows.get(), 6));
            tx.signature = BlobColumn(tx_rows.get(), 7);
            block.transactions.push_back(std::move(tx));
        }
        blocks.push_back(std::move(block));
        if (progress && (blocks.size() % 100 == 0 || static_cast<int>(blocks.size()) == total)) {
            progress(static_cast<int>(blocks.size()), total);
        }
    }
    if (step != SQLITE_DONE) throw std::runtime_error("block database " + m_path + ": " + sqlite3_errmsg(m_db));
    return blocks;
}

void BlockStore::append(const interfaces::Block& block)
{
    exec("BEGIN IMMEDIATE");
    try {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(m_db, "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?)", -1, &raw, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(m_db));
        }
        Statement insert_block(raw);
        sqlite3_bind_int(raw, 1, block.height);
        sqlite3_bind_text(raw, 2, block.hash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(raw, 3, block.prev_hash.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(raw, 4, block.time);
        sqlite3_bind_text(raw, 5, block.miner.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(raw, 6, block.reward);
        if (sqlite3_step(raw) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(m_db));

        if (sqlite3_prepare_v2(m_db, "INSERT INTO transactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &raw,
                               nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(m_db));
        }
        Statement insert_tx(raw);
        int position = 0;
        for (const auto& tx : block.transactions) {
            sqlite3_reset(raw);
            sqlite3_bind_int(raw, 1, block.height);
            sqlite3_bind_int(raw, 2, position++);
            sqlite3_bind_text(raw, 3, tx.txid.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(raw, 4, tx.sender_key.data(), static_cast<int>(tx.sender_key.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(raw, 5, tx.sender.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(raw, 6, tx.recipient.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(raw, 7, tx.amount);
            sqlite3_bind_int64(raw, 8, tx.fee);
            sqlite3_bind_int64(raw, 9, static_cast<int64_t>(tx.nonce));
            sqlite3_bind_blob(raw, 10, tx.signature.data(), static_cast<int>(tx.signature.size()), SQLITE_TRANSIENT);
            if (sqlite3_step(raw) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(m_db));
        }
        exec("COMMIT");
    } catch (const std::exception& e) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw std::runtime_error("cannot store block " + std::to_string(block.height) + " in " + m_path + ": " +
                                 e.what());
    }
}

} // namespace mpnode
