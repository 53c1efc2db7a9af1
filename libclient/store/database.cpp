#include "store/database.h"

#include "store/statement.h"
#include "store/store_logging.h"

#include <sqlcipher/sqlite3.h>

#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace estafette {

Q_LOGGING_CATEGORY(lcStore, "estafette.store")

namespace {

// SQLCipher 3.x defaults to 1 KiB pages; 4 KiB pages cost four times fewer page encryptions and HMACs.
// Part of the file format: every database of this application uses it.
constexpr const char *kCipherPageSize = "PRAGMA cipher_page_size = 4096;";

StoreError fail(StoreError *error, StoreError::Kind kind, const QString &detail)
{
    StoreError e{kind, detail};
    if (error)
        *error = e;
    qCWarning(lcStore) << "open failed:" << detail;
    return e;
}

// Creates the file readable by its owner only; an existing file is narrowed to 0600. SQLite gives the -wal
// and -shm files the main file's permissions.
bool ensurePrivateFile(const QString &path, QString *detail)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        *detail = QStringLiteral("cannot create the database file (errno %1)").arg(errno);
        return false;
    }
    const bool ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!ok)
        *detail = QStringLiteral("cannot restrict the database file's permissions (errno %1)").arg(errno);
    return ok;
}

} // namespace

Database::Database(sqlite3 *db, const QString &path) : m_db(db), m_path(path), m_thread(QThread::currentThread()) {}

Database::~Database()
{
    assertThread();
    qDeleteAll(m_cache);
    m_cache.clear();
    if (m_db)
        sqlite3_close(m_db);
}

std::unique_ptr<Database> Database::open(const QString &path, const QByteArray &rawKey, StoreError *error)
{
    if (error)
        *error = {};
    if (rawKey.size() != 32) {
        fail(error, StoreError::Kind::Io, QStringLiteral("the database key must be 32 bytes"));
        return nullptr;
    }
    QString detail;
    if (!ensurePrivateFile(path, &detail)) {
        fail(error, StoreError::Kind::Io, detail);
        return nullptr;
    }

    sqlite3 *handle = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Database> db(new Database(handle, path));
    if (rc != SQLITE_OK) {
        fail(error, StoreError::Kind::Io, QStringLiteral("sqlite3_open_v2: %1").arg(QString::fromUtf8(sqlite3_errstr(rc))));
        return nullptr;
    }
    sqlite3_extended_result_codes(handle, 1);

    // 1. The key, before anything touches the file.
    QByteArray keyPragma = "PRAGMA key = \"x'" + rawKey.toHex() + "'\";";
    const bool keyed = db->exec(keyPragma.constData());
    keyPragma.fill('\0');
    if (!keyed || !db->exec(kCipherPageSize)) {
        fail(error, StoreError::Kind::Io, QStringLiteral("PRAGMA key: %1").arg(db->lastError()));
        return nullptr;
    }

    // 2. Is this SQLite really SQLCipher? A plain libsqlite3 loaded first would ignore PRAGMA key silently.
    {
        Statement version = db->prepare("PRAGMA cipher_version;");
        QString cipherVersion;
        if (version.isValid() && version.step() == Statement::Step::Row)
            cipherVersion = version.text(0);
        if (cipherVersion.isEmpty()) {
            fail(error, StoreError::Kind::NotEncrypted,
                 QStringLiteral("PRAGMA cipher_version returned nothing: SQLCipher is not active (SQLite %1)")
                     .arg(QString::fromLatin1(sqlite3_libversion())));
            return nullptr;
        }
        qCDebug(lcStore) << "SQLCipher" << cipherVersion << "SQLite" << sqlite3_libversion();
    }

    // 3. The key is only checked when a page is read: a wrong key or a damaged file fails here with NOTADB.
    {
        Statement probe = db->prepare("SELECT count(*) FROM sqlite_master;");
        const Statement::Step step = probe.isValid() ? probe.step() : Statement::Step::Error;
        if (step != Statement::Step::Row) {
            const int code = db->lastErrorCode() & 0xff;
            if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
                fail(error, StoreError::Kind::WrongKeyOrCorrupt,
                     QStringLiteral("the key does not open this database, or the file is damaged (%1)").arg(db->lastError()));
            else
                fail(error, StoreError::Kind::Io, QStringLiteral("first read: %1").arg(db->lastError()));
            return nullptr;
        }
    }

    // 4. Journaling and safety. WAL + synchronous=NORMAL: a committed transaction survives the process being
    //    killed (it is in the WAL file); only a power loss may lose the last commits. The outbox raises this to
    //    FULL for its own inserts (see OutboxTable).
    {
        Statement journal = db->prepare("PRAGMA journal_mode = WAL;");
        QString mode;
        if (journal.isValid() && journal.step() == Statement::Step::Row)
            mode = journal.text(0);
        if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
            fail(error, StoreError::Kind::Io, QStringLiteral("cannot enable WAL journaling (%1)").arg(db->lastError()));
            return nullptr;
        }
    }
    if (!db->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"
                  "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;")) {
        fail(error, StoreError::Kind::Io, QStringLiteral("pragmas: %1").arg(db->lastError()));
        return nullptr;
    }
    return db;
}

void Database::assertThread() const
{
    Q_ASSERT_X(QThread::currentThread() == m_thread, "Database", "used from a thread other than the one that opened it");
}

bool Database::exec(const char *sql)
{
    assertThread();
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        setError(rc, message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc)));
        sqlite3_free(message);
        return false;
    }
    return true;
}

Statement Database::prepare(const char *sql)
{
    assertThread();
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        setError(rc, QString::fromUtf8(sqlite3_errmsg(m_db)));
        qCWarning(lcStore) << "prepare failed:" << m_lastError;
        return Statement();
    }
    return Statement(this, stmt);
}

Statement &Database::cached(const char *sql)
{
    assertThread();
    const QByteArray key = QByteArray::fromRawData(sql, int(qstrlen(sql)));
    auto it = m_cache.find(key);
    if (it == m_cache.end())
        it = m_cache.insert(QByteArray(sql), new Statement(prepare(sql)));
    Statement &stmt = **it;
    if (stmt.isValid())
        stmt.reset();
    return stmt;
}

int Database::userVersion()
{
    Statement stmt = prepare("PRAGMA user_version;");
    if (stmt.isValid() && stmt.step() == Statement::Step::Row)
        return int(stmt.int64(0));
    return -1;
}

bool Database::setUserVersion(int version)
{
    const QByteArray sql = "PRAGMA user_version = " + QByteArray::number(version) + ";";
    return exec(sql.constData());
}

qint64 Database::lastInsertRowId() const
{
    assertThread();
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    assertThread();
    return sqlite3_changes(m_db);
}

bool Database::inTransaction() const
{
    assertThread();
    return sqlite3_get_autocommit(m_db) == 0;
}

QByteArray Database::nextSavepointName()
{
    return "sp" + QByteArray::number(++m_savepoints);
}

int Database::lastErrorCode() const
{
    return m_lastCode;
}

QString Database::lastError() const
{
    return m_lastError;
}

void Database::setError(int code, const QString &message)
{
    m_lastCode = code;
    m_lastError = message;
}

} // namespace estafette
