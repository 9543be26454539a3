// SqliteDatabase: one SQLite file opened the way the sample's stores need
// it (mpnode's blocks, mpwallet's keys and history), so that both open,
// configure and report errors the same way.

#ifndef MPSAMPLE_SQLITE_DATABASE_H
#define MPSAMPLE_SQLITE_DATABASE_H

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace mpsample {

//! Finalizes a prepared statement (the deleter of Statement).
struct StatementFinalize
{
    void operator()(sqlite3_stmt* statement) const;
};
//! A prepared statement, finalized when it goes out of scope.
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalize>;

//! Column `column` of the current row as text ("" for NULL) or as bytes.
std::string TextColumn(sqlite3_stmt* statement, int column);
std::vector<unsigned char> BlobColumn(sqlite3_stmt* statement, int column);

//! Owns one open SQLite connection (closed by close() or the destructor).
//!
//! Durability: the file is in WAL mode with synchronous=FULL, so a change
//! made in transaction() is either all on disk or not at all after a
//! crash, a kill -9 or a full disk. Errors are std::runtime_error naming
//! the database ("block database /path: disk I/O error").
//!
//! Threads: SQLite's serialized mode, so any thread may use it; a caller
//! that needs several statements to see one state locks around them.
class SqliteDatabase
{
public:
    //! Opens (creating if needed) the file at path and runs the schema
    //! statements (CREATE TABLE IF NOT EXISTS ...). `what` names it in
    //! errors. Throws std::runtime_error("cannot open WHAT PATH: reason").
    SqliteDatabase(std::string what, std::string path, std::initializer_list<const char*> schema);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    //! Runs sql (no results). Throws if it fails or the database is closed.
    void exec(const char* sql);
    //! Prepares sql. Throws if it fails or the database is closed.
    Statement prepare(const char* sql);
    //! Runs fn between BEGIN IMMEDIATE and COMMIT; if fn (or the commit)
    //! throws, rolls back and rethrows, leaving the file as it was.
    void transaction(const std::function<void()>& fn);
    //! Steps a statement that returns no rows; throws if it fails.
    void stepDone(sqlite3_stmt* statement);
    //! Throws unless the last sqlite3_step() of a loop over rows ended
    //! with SQLITE_DONE (step is what it returned).
    void checkDone(int step);

    //! Closes the file; later calls throw. Idempotent.
    void close();

    const std::string& path() const { return m_path; }

private:
    [[noreturn]] void fail(const std::string& reason) const;
    sqlite3* open() const;

    std::string m_what;
    std::string m_path;
    sqlite3* m_db{nullptr};
};

} // namespace mpsample

#endif // MPSAMPLE_SQLITE_DATABASE_H
