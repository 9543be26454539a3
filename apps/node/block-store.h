// mpnode's blocks on disk: an SQLite database in the datadir.
//
// Each block is written in one SQLite transaction, so a crash, a kill -9 or
// a full disk leaves either the whole block or none of it. The mempool is
// stored too, a transaction at a time as the node accepts them, so that a
// payment the node took is not lost when it restarts.

#ifndef MPNODE_BLOCK_STORE_H
#define MPNODE_BLOCK_STORE_H

#include <common/sqlite-database.h>
#include <interfaces/records.h>

#include <functional>
#include <string>
#include <vector>

namespace mpnode {

class BlockStore
{
public:
    //! Opens (creating if needed) the database at path. Throws
    //! std::runtime_error naming the file and SQLite's reason.
    explicit BlockStore(const std::string& path);

    //! Every stored block in height order. Calls progress(loaded, total)
    //! now and then.
    std::vector<interfaces::Block> loadAll(const std::function<void(int, int)>& progress);

    //! Stores a block and empties the stored mempool, atomically (the node
    //! clears its mempool with each block it mines). Throws
    //! std::runtime_error (and changes nothing) if it cannot, e.g. when the
    //! disk is full.
    void append(const interfaces::Block& block);

    //! The stored mempool, in the order its transactions were accepted.
    std::vector<interfaces::Transaction> loadMempool();
    //! Stores an accepted transaction. Throws std::runtime_error (and
    //! stores nothing) if it cannot.
    void addToMempool(const interfaces::Transaction& tx);
    //! Forgets stored mempool transactions (ones no longer valid).
    void removeFromMempool(const std::vector<std::string>& txids);

    //! Closes the database; later calls fail. Used on shutdown.
    void close();

private:
    mpsample::SqliteDatabase m_db;
};

} // namespace mpnode

#endif // MPNODE_BLOCK_STORE_H
