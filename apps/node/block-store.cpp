#include "block-store.h"

#include <sqlite3.h>

#include <stdexcept>

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
            "PRIMARY KEY (height, position))"})
{
}

void BlockStore::close() { m_db.close(); }

std::vector<interfaces::Block> BlockStore::loadAll(const std::function<void(int, int)>& progress)
{
    Statement count = m_db.prepare("SELECT COUNT(*) FROM blocks");
    const int total = sqlite3_step(count.get()) == SQLITE_ROW ? sqlite3_column_int(count.get(), 0) : 0;

    std::vector<interfaces::Block> blocks;
    blocks.reserve(total);
    Statement block_rows = m_db.prepare("SELECT height, hash, prev_hash, time, miner, reward FROM blocks ORDER BY height");
    Statement tx_rows = m_db.prepare("SELECT txid, sender_key, sender, recipient, amount, fee, nonce, signature "
                                     "FROM transactions WHERE height = ? ORDER BY position");
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
            interfaces::Transaction tx;
            tx.txid = TextColumn(tx_rows.get(), 0);
            tx.sender_key = BlobColumn(tx_rows.get(), 1);
            tx.sender = TextColumn(tx_rows.get(), 2);
            tx.recipient = TextColumn(tx_rows.get(), 3);
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
                sqlite3_bind_text(raw, 3, tx.txid.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_blob(raw, 4, tx.sender_key.data(), static_cast<int>(tx.sender_key.size()),
                                  SQLITE_TRANSIENT);
                sqlite3_bind_text(raw, 5, tx.sender.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(raw, 6, tx.recipient.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(raw, 7, tx.amount);
                sqlite3_bind_int64(raw, 8, tx.fee);
                sqlite3_bind_int64(raw, 9, static_cast<int64_t>(tx.nonce));
                sqlite3_bind_blob(raw, 10, tx.signature.data(), static_cast<int>(tx.signature.size()),
                                  SQLITE_TRANSIENT);
                m_db.stepDone(raw);
            }
        });
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot store block " + std::to_string(block.height) + ": " + e.what());
    }
}

} // namespace mpnode
