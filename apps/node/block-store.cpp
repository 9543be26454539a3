#include "block-store.h"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace mpnode {

using mpsample::BlobColumn;
using mpsample::Statement;
using mpsample::TextColumn;

BlockStore::BlockStore(const std::string& path)
    : m_db("block database", path,
           {"CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, hash TEXT NOT NULL, "
            "prev_hash TEXT NOT NULL, time INTEGER NOT NULL, miner TEXT NOT NULL, reward INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS transactions (height INTEGER NOT NULL, position INTEGER NOT NULL, "
            "txid TEXT NOT NULL, sender_key BLOB NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, "
            "amount INTEGER NOT NULL, fee INTEGER NOT NULL, nonce INTEGER NOT NULL, signature BLOB NOT NULL, "
            "PRIMARY KEY (height, position))",
            // Transactions accepted but not mined yet, in the order accepted
            // (rowid), so that payments a node took survive its restart.
            "CREATE TABLE IF NOT EXISTS mempool (txid TEXT NOT NULL UNIQUE, sender_key BLOB NOT NULL, "
            "sender TEXT NOT NULL, recipient TEXT NOT NULL, amount INTEGER NOT NULL, fee INTEGER NOT NULL, "
            "nonce INTEGER NOT NULL, signature BLOB NOT NULL)"})
{
}

namespace {

//! The columns ReadTransaction() and BindTransaction() take, in their order.
constexpr const char* kTransactionColumns = "txid, sender_key, sender, recipient, amount, fee, nonce, signature";

//! The eight columns of a transaction, from column `first` (0-based) of a
//! row: txid, sender_key, sender, recipient, amount, fee, nonce, signature.
interfaces::Transaction ReadTransaction(sqlite3_stmt* row, int first)
{
    interfaces::Transaction tx;
    tx.txid = TextColumn(row, first);
    tx.sender_key = BlobColumn(row, first + 1);
    tx.sender = TextColumn(row, first + 2);
    tx.recipient = TextColumn(row, first + 3);
    tx.amount = sqlite3_column_int64(row, first + 4);
    tx.fee = sqlite3_column_int64(row, first + 5);
    tx.nonce = static_cast<uint64_t>(sqlite3_column_int64(row, first + 6));
    tx.signature = BlobColumn(row, first + 7);
    return tx;
}

//! Binds the same eight columns to parameters `first`.. (1-based).
void BindTransaction(sqlite3_stmt* statement, int first, const interfaces::Transaction& tx)
{
    sqlite3_bind_text(statement, first, tx.txid.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(statement, first + 1, tx.sender_key.data(), static_cast<int>(tx.sender_key.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(statement, first + 2, tx.sender.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(statement, first + 3, tx.recipient.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(statement, first + 4, tx.amount);
    sqlite3_bind_int64(statement, first + 5, tx.fee);
    sqlite3_bind_int64(statement, first + 6, static_cast<int64_t>(tx.nonce));
    sqlite3_bind_blob(statement, first + 7, tx.signature.data(), static_cast<int>(tx.signature.size()),
                      SQLITE_TRANSIENT);
}

} // namespace

void BlockStore::close() { m_db.close(); }

std::vector<interfaces::Block> BlockStore::loadAll(const std::function<void(int, int)>& progress)
{
    Statement count = m_db.prepare("SELECT COUNT(*) FROM blocks");
    const int total = sqlite3_step(count.get()) == SQLITE_ROW ? sqlite3_column_int(count.get(), 0) : 0;

    std::vector<interfaces::Block> blocks;
    blocks.reserve(total);
    Statement block_rows = m_db.prepare("SELECT height, hash, prev_hash, time, miner, reward FROM blocks ORDER BY height");
    const std::string tx_query =
        std::string("SELECT ") + kTransactionColumns + " FROM transactions WHERE height = ? ORDER BY position";
    Statement tx_rows = m_db.prepare(tx_query.c_str());
    int step;
    while ((step = sqlite3_step(block_rows.get())) == SQLITE_ROW) {
        interfaces::Block block;
        block.height = sqlite3_column_int(block_rows.get(), 0);
        block.hash = TextColumn(block_rows.get(), 1);
        block.prev_hash = TextColumn(block_rows.get(), 2);
        block.time = sqlite3_column_int64(block_rows.get(), 3);
        block.miner = TextColumn(block_rows.get(), 4);
        block.reward = sqlite3_column_int64(block_rows.get(), 5);
        sqlite3_reset(tx_rows.get());
        sqlite3_bind_int(tx_rows.get(), 1, block.height);
        while (sqlite3_step(tx_rows.get()) == SQLITE_ROW) {
            block.transactions.push_back(ReadTransaction(tx_rows.get(), 0));
        }
        blocks.push_back(std::move(block));
        if (progress && (blocks.size() % 100 == 0 || static_cast<int>(blocks.size()) == total)) {
            progress(static_cast<int>(blocks.size()), total);
        }
    }
    m_db.checkDone(step);
    return blocks;
}

void BlockStore::append(const interfaces::Block& block)
{
    try {
        m_db.transaction([&] {
            Statement insert_block = m_db.prepare("INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?)");
            sqlite3_stmt* raw = insert_block.get();
            sqlite3_bind_int(raw, 1, block.height);
            sqlite3_bind_text(raw, 2, block.hash.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(raw, 3, block.prev_hash.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(raw, 4, block.time);
            sqlite3_bind_text(raw, 5, block.miner.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(raw, 6, block.reward);
            m_db.stepDone(raw);

            Statement insert_tx = m_db.prepare("INSERT INTO transactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            raw = insert_tx.get();
            int position = 0;
            for (const auto& tx : block.transactions) {
                sqlite3_reset(raw);
                sqlite3_bind_int(raw, 1, block.height);
                sqlite3_bind_int(raw, 2, position++);
                BindTransaction(raw, 3, tx);
                m_db.stepDone(raw);
            }
            // The node empties its mempool with every block it mines: what
            // was not mined is no longer valid.
            m_db.exec("DELETE FROM mempool");
        });
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot store block " + std::to_string(block.height) + ": " + e.what());
    }
}

std::vector<interfaces::Transaction> BlockStore::loadMempool()
{
    const std::string query = std::string("SELECT ") + kTransactionColumns + " FROM mempool ORDER BY rowid";
    Statement rows = m_db.prepare(query.c_str());
    std::vector<interfaces::Transaction> mempool;
    int step;
    while ((step = sqlite3_step(rows.get())) == SQLITE_ROW) mempool.push_back(ReadTransaction(rows.get(), 0));
    m_db.checkDone(step);
    return mempool;
}

void BlockStore::addToMempool(const interfaces::Transaction& tx)
{
    try {
        const std::string query =
            std::string("INSERT INTO mempool (") + kTransactionColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        Statement insert = m_db.prepare(query.c_str());
        BindTransaction(insert.get(), 1, tx);
        m_db.stepDone(insert.get());
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot store transaction " + tx.txid + ": " + e.what());
    }
}

void BlockStore::removeFromMempool(const std::vector<std::string>& txids)
{
    m_db.transaction([&] {
        Statement remove = m_db.prepare("DELETE FROM mempool WHERE txid = ?");
        for (const std::string& txid : txids) {
            sqlite3_reset(remove.get());
            sqlite3_bind_text(remove.get(), 1, txid.c_str(), -1, SQLITE_TRANSIENT);
            m_db.stepDone(remove.get());
        }
    });
}

} // namespace mpnode
