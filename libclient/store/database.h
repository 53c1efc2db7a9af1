#pragma once

#include "store/store_error.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>

struct sqlite3;
class QThread;

namespace estafette {

class Statement;

// One SQLCipher connection (C API), owned by one thread: the thread that opened it. Every call asserts that.
// Opening keys the database with a raw 256-bit key, refuses to continue when SQLCipher is not the SQLite in
// this process (PRAGMA cipher_version), detects a wrong key or damaged file by reading (SQLITE_NOTADB), then
// sets WAL journaling, synchronous=NORMAL, foreign keys and secure_delete. The file is created 0600.
class Database {
public:
    static std::unique_ptr<Database> open(const QString &path, const QByteArray &rawKey, StoreError *error);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QString path() const { return m_path; }

    // Runs one or more statements without results. false with lastError() on failure.
    bool exec(const char *sql);
    // A fresh statement (finalized with the returned object).
    Statement prepare(const char *sql);
    // A statement prepared once per connection for this SQL text and reused (reset, bindings cleared).
    // Valid until the Database is destroyed. An invalid statement (check isValid()) when it does not compile.
    // Not reentrant: finish with one use (reset() or a Done step) before the same SQL is used again.
    Statement &cached(const char *sql);

    int userVersion();
    bool setUserVersion(int version);
    qint64 lastInsertRowId() const;
    int changes() const;             // rows changed by the last INSERT/UPDATE/DELETE
    // Inside a transaction (BEGIN ... not yet committed or rolled back): sqlite3_get_autocommit() == 0.
    bool inTransaction() const;
    // A savepoint name not used before on this connection ("sp1", "sp2", ...), for nested transactions.
    QByteArray nextSavepointName();

    int lastErrorCode() const;       // SQLite extended result code of the last failure
    QString lastError() const;       // SQLite's message (names tables/constraints, never values)
    void setError(int code, const QString &message);

    void assertThread() const;
    sqlite3 *handle() const { return m_db; }

private:
    Database(sqlite3 *db, const QString &path);
    sqlite3 *m_db = nullptr;
    QString m_path;
    QThread *m_thread = nullptr;
    int m_lastCode = 0;
    QString m_lastError;
    QHash<QByteArray, Statement *> m_cache;
    quint64 m_savepoints = 0;
};

} // namespace estafette
