// The SQLCipher layer: keyed open, wrong key, plaintext refused, permissions, statements, transactions.
#include "store/account_store.h"
#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"
#include "test_store_helpers.h"

#include <sqlcipher/sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace estafette;
using namespace estafette::storetest;

namespace {
estafette::SyncDelta syncWithToken(const QString &token)
{
    estafette::SyncDelta delta;
    delta.nextBatch = token;
    return delta;
}
} // namespace

class TestStoreDatabase : public QObject {
    Q_OBJECT
private slots:
    void opensEncryptedWithCipherVersion();
    void wrongKeyIsReported();
    void plaintextDatabaseRefused();
    void badKeyLengthRefused();
    void filesArePrivate();
    void statementBindsAndReads();
    void cachedStatementIsReused();
    void transactionWithoutCommitRollsBack();
    void transactionCommitKeeps();
    void walJournal();
};

void TestStoreDatabase::opensEncryptedWithCipherVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    StoreError error;
    auto db = Database::open(path, key(), &error);
    QVERIFY2(db, qPrintable(error.detail));
    QVERIFY(error.ok());
    Statement v = db->prepare("PRAGMA cipher_version;");
    QCOMPARE(v.step(), Statement::Step::Row);
    QVERIFY(!v.text(0).isEmpty());
    QVERIFY(db->exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('visible only when decrypted');"));
    db.reset();

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.size() >= 4096);
    QVERIFY(!bytes.startsWith("SQLite format 3"));
    QVERIFY(!bytes.contains("visible only when decrypted"));
    QVERIFY(!bytes.contains("CREATE TABLE"));
}

void TestStoreDatabase::wrongKeyIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto store = AccountStore::open(path, key('a'), nullptr);
        QVERIFY(store);
        QVERIFY(store->writeSync(syncWithToken(QStringLiteral("s1"))));
    }
    StoreError error;
    auto store = AccountStore::open(path, key('b'), &error);
    QVERIFY(!store);
    QCOMPARE(error.kind, StoreError::Kind::WrongKeyOrCorrupt);
    QVERIFY(!error.detail.isEmpty());

    // The right key still opens it: the failed attempt changed nothing.
    store = AccountStore::open(path, key('a'), &error);
    QVERIFY2(store, qPrintable(error.detail));
    QCOMPARE(store->syncToken(), QStringLiteral("s1"));
}

void TestStoreDatabase::plaintextDatabaseRefused()
{
    // A plain SQLite file (SQLCipher without a key) is not ours: opening it with a key fails on the first read.
    QTemporaryDir dir;
    const QString path = dir.filePath("plain.db");
    sqlite3 *raw = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &raw), SQLITE_OK);
    QCOMPARE(sqlite3_exec(raw, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(16).startsWith("SQLite format 3"));
    }
    StoreError error;
    QVERIFY(!AccountStore::open(path, key(), &error));
    QCOMPARE(error.kind, StoreError::Kind::WrongKeyOrCorrupt);
}

void TestStoreDatabase::badKeyLengthRefused()
{
    QTemporaryDir dir;
    StoreError error;
    QVERIFY(!Database::open(dir.filePath("a.db"), QByteArray(16, 'x'), &error));
    QCOMPARE(error.kind, StoreError::Kind::Io);
}

void TestStoreDatabase::filesArePrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    auto store = AccountStore::open(path, key(), nullptr);
    QVERIFY(store);
    QVERIFY(store->writeSync(syncWithToken(QStringLiteral("s1"))));
    int checked = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        struct stat st {};
        if (::stat(QFile::encodeName(path + suffix).constData(), &st) != 0)
            continue;
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        ++checked;
    }
    QCOMPARE(checked, 3); // WAL mode: the -wal and -shm files exist while open
}

void TestStoreDatabase::statementBindsAndReads()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath("a.db"), key(), nullptr);
    QVERIFY(db);
    QVERIFY(db->exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT);"));
    Statement ins = db->prepare("INSERT INTO t (i, s, b, n) VALUES (?, ?, :blob, :null)");
    QVERIFY(ins.isValid());
    const QByteArray blob("\x00\x01\xff", 3);
    ins.bindInt64(1, 1LL << 40).bindText(2, QStringLiteral("é€")).bindBlob(":blob", blob).bindNull(":null");
    QVERIFY(ins.exec());
    QCOMPARE(db->changes(), 1);
    QCOMPARE(db->lastInsertRowId(), 1);
    ins.bindInt64(1, -7).bindText(2, QString()).bindBlob(":blob", QByteArray()).bindText(":null", QStringLiteral("x"));
    QVERIFY(ins.exec());

    Statement sel = db->prepare("SELECT i, s, b, n FROM t ORDER BY rowid");
    QCOMPARE(sel.columnCount(), 4);
    QCOMPARE(sel.step(), Statement::Step::Row);
    QCOMPARE(sel.int64(0), 1LL << 40);
    QCOMPARE(sel.text(1), QStringLiteral("é€"));
    QCOMPARE(sel.blob(2), blob);
    QVERIFY(sel.isNull(3));
    QCOMPARE(sel.step(), Statement::Step::Row);
    QCOMPARE(sel.int64(0), -7);
    QVERIFY(sel.isNull(1));
    QVERIFY(sel.text(1).isNull());
    QVERIFY(sel.isNull(2));
    QCOMPARE(sel.text(3), QStringLiteral("x"));
    QCOMPARE(sel.step(), Statement::Step::Done);
    sel.reset();
    QCOMPARE(sel.step(), Statement::Step::Row); // runs again after reset

    Statement bad = db->prepare("SELECT nope FROM missing");
    QVERIFY(!bad.isValid());
    QVERIFY(db->lastError().contains("missing"));
    QCOMPARE(bad.step(), Statement::Step::Error);
}

void TestStoreDatabase::cachedStatementIsReused()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath("a.db"), key(), nullptr);
    QVERIFY(db);
    QVERIFY(db->exec("CREATE TABLE t (i INTEGER UNIQUE);"));
    Statement &a = db->cached("INSERT INTO t VALUES (?)");
    QVERIFY(a.bindInt64(1, 1).exec());
    Statement &b = db->cached("INSERT INTO t VALUES (?)");
    QCOMPARE(&a, &b);
    QVERIFY(b.bindInt64(1, 2).exec());
    QVERIFY(!db->cached("INSERT INTO t VALUES (?)").bindInt64(1, 2).exec()); // UNIQUE
    QCOMPARE(db->lastErrorCode() & 0xff, SQLITE_CONSTRAINT);
    QVERIFY(db->cached("INSERT INTO t VALUES (?)").bindInt64(1, 3).exec()); // usable after an error
    Statement count = db->prepare("SELECT count(*) FROM t");
    QCOMPARE(count.step(), Statement::Step::Row);
    QCOMPARE(count.int64(0), 3);
}

void TestStoreDatabase::transactionWithoutCommitRollsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto db = Database::open(path, key(), nullptr);
        QVERIFY(db->exec("CREATE TABLE t (i INTEGER);"));
        {
            Transaction txn(*db);
            QVERIFY(txn.isActive());
            QVERIFY(db->exec("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);"));
            // no commit: destroyed here
        }
        Statement count = db->prepare("SELECT count(*) FROM t");
        QCOMPARE(count.step(), Statement::Step::Row);
        QCOMPARE(count.int64(0), 0);
        {
            Transaction txn(*db);
            QVERIFY(db->exec("INSERT INTO t VALUES (3);"));
            txn.rollback();
            QVERIFY(!txn.commit());
        }
    }
    auto db = Database::open(path, key(), nullptr);
    Statement count = db->prepare("SELECT count(*) FROM t");
    QCOMPARE(count.step(), Statement::Step::Row);
    QCOMPARE(count.int64(0), 0);
}

void TestStoreDatabase::transactionCommitKeeps()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto db = Database::open(path, key(), nullptr);
        QVERIFY(db->exec("CREATE TABLE t (i INTEGER);"));
        Transaction txn(*db);
        QVERIFY(db->exec("INSERT INTO t VALUES (1);"));
        QVERIFY(txn.commit());
    }
    auto db = Database::open(path, key(), nullptr);
    Statement count = db->prepare("SELECT count(*) FROM t");
    QCOMPARE(count.step(), Statement::Step::Row);
    QCOMPARE(count.int64(0), 1);
}

void TestStoreDatabase::walJournal()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath("a.db"), key(), nullptr);
    QVERIFY(db);
    for (const auto &[pragma, expected] : {std::pair{"PRAGMA journal_mode;", "wal"}, std::pair{"PRAGMA foreign_keys;", "1"},
                                           std::pair{"PRAGMA secure_delete;", "1"}, std::pair{"PRAGMA synchronous;", "1"}}) {
        Statement s = db->prepare(pragma);
        QCOMPARE(s.step(), Statement::Step::Row);
        QCOMPARE(s.text(0), QString::fromLatin1(expected));
    }
}

QTEST_GUILESS_MAIN(TestStoreDatabase)
#include "test_store_database.moc"
