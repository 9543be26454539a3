// SqliteDatabase: opening, statements and transactions of the sample's
// SQLite files.

#include "sqlite-database.h"

#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace mpsample {

void StatementFinalize::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

std::string TextColumn(sqlite3_stmt* statement, int column)
{
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

std::vector<unsigned char> BlobColumn(sqlite3_stmt* statement, int column)
{
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(statement, column));
    return std::vector<unsigned char>(data, data + sqlite3_column_bytes(statement, column));
}

SqliteDatabase::SqliteDatabase(std::string what, std::string path, std::initializer_list<const char*> schema)
    : m_what(std::move(what)), m_path(std::move(path))
{
    if (sqlite3_open_v2(m_path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string reason = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        close();
        throw std::runtime_error("cannot open " + m_what + " " + m_path + ": " + reason);
    }
    // Another process holding the file (a second mpnode on the same
    // datadir) makes statements wait this long before failing.
    sqlite3_busy_timeout(m_db, 5000);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        for (const char* statement : schema) exec(statement);
    } catch (...) {
        close();
        throw;
    }
}

SqliteDatabase::~SqliteDatabase() { close(); }

void SqliteDatabase::close()
{
    if (m_db) sqlite3_close(m_db);
    m_db = nullptr;
}

sqlite3* SqliteDatabase::open() const
{
    if (!m_db) throw std::runtime_error(m_what + " " + m_path + " is closed");
    return m_db;
}

void SqliteDatabase::fail(const std::string& reason) const
{
    throw std::runtime_error(m_what + " " + m_path + ": " + reason);
}

void SqliteDatabase::exec(const char* sql)
{
    char* error = nullptr;
    if (sqlite3_exec(open(), sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string reason = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        fail(reason);
    }
}

Statement SqliteDatabase::prepare(const char* sql)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(open(), sql, -1, &raw, nullptr) != SQLITE_OK) fail(sqlite3_errmsg(m_db));
    return Statement(raw);
}

void SqliteDatabase::stepDone(sqlite3_stmt* statement)
{
    if (sqlite3_step(statement) != SQLITE_DONE) fail(sqlite3_errmsg(m_db));
}

void SqliteDatabase::checkDone(int step)
{
    if (step != SQLITE_DONE) fail(sqlite3_errmsg(open()));
}

void SqliteDatabase::transaction(const std::function<void()>& fn)
{
    exec("BEGIN IMMEDIATE");
    try {
        fn();
        exec("COMMIT");
    } catch (...) {
        if (m_db) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

} // namespace mpsample
