// AccountDirectory: one private folder per account under the profile, named by a random id, ordered by
// creation; erase removes everything, set aside moves the folder and never deletes it.
// DatabaseKeyStore: a key round trip through the keychain (skipped when no Secret Service is available).
#include "store/account_directory.h"
#include "store/database_key_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace estafette;

namespace {
bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QFileDevice::Permissions otherBits()
{
    return QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
        | QFileDevice::WriteOther | QFileDevice::ExeOther;
}
} // namespace

class TestAccountDirectory : public QObject {
    Q_OBJECT
private slots:
    void emptyProfileHasNoAccounts()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(QDir(tmp.path()).filePath(QStringLiteral("not-yet")));
        QVERIFY(dir.accountIds().isEmpty());
        QVERIFY(!dir.contains(QStringLiteral("0123456789abcdef")));
        QVERIFY(!QFileInfo::exists(dir.profilePath())); // listing creates nothing
    }

    void createdAccountIsPrivateAndAnonymous()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(tmp.path());
        QString error;
        const QString id = dir.createAccount(&error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$")).match(id).hasMatch());
        QVERIFY(AccountDirectory::isValidAccountId(id));
        QCOMPARE(dir.accountIds(), QStringList{id});
        QVERIFY(dir.contains(id));

        QCOMPARE(dir.accountPath(id), QDir(tmp.path()).filePath(QStringLiteral("accounts/") + id));
        QCOMPARE(dir.databasePath(id), dir.accountPath(id) + QStringLiteral("/store.db"));
        QCOMPARE(dir.mediaPath(id), dir.accountPath(id) + QStringLiteral("/media"));
        QVERIFY(QFileInfo(dir.accountPath(id)).isDir());
        QVERIFY(!dir.hasDatabase(id)); // the database comes with the first sign-in

        // Owner only, for the accounts folder and the account's folder.
        for (const QString &path : {dir.accountsPath(), dir.accountPath(id)}) {
            const QFileInfo info(path);
            QVERIFY2((info.permissions() & otherBits()) == 0, qPrintable(path));
            QVERIFY(info.permissions() & QFileDevice::ReadOwner);
            QVERIFY(info.permissions() & QFileDevice::WriteOwner);
        }

        // Only the creation time is written; nothing personal.
        const QStringList files = QDir(dir.accountPath(id)).entryList(QDir::Files | QDir::Hidden);
        QCOMPARE(files, QStringList{QStringLiteral("created")});
        const QFileInfo created(QDir(dir.accountPath(id)).filePath(QStringLiteral("created")));
        QCOMPARE(created.permissions() & otherBits(), QFileDevice::Permissions());

        QVERIFY(writeFile(dir.databasePath(id), "x"));
        QVERIFY(dir.hasDatabase(id));
    }

    void idsAreRandomAndListedInCreationOrder()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(tmp.path());
        QStringList created;
        for (int i = 0; i < 5; ++i) {
            created.append(dir.createAccount());
            QVERIFY(!created.last().isEmpty());
            QThread::msleep(3); // distinct creation times
        }
        QCOMPARE(QSet<QString>(created.cbegin(), created.cend()).size(), 5);
        QCOMPARE(dir.accountIds(), created);

        // The order comes from the "created" files, not from the ids or the folders' dates.
        QVERIFY(writeFile(QDir(dir.accountPath(created.at(0))).filePath(QStringLiteral("created")), "9999999999999\n"));
        QStringList expected = created.mid(1);
        expected.append(created.at(0));
        QCOMPARE(dir.accountIds(), expected);

        // An unreadable "created" file still lists the account (by its folder's date).
        QVERIFY(QFile::remove(QDir(dir.accountPath(created.at(2))).filePath(QStringLiteral("created"))));
        QCOMPARE(dir.accountIds().size(), 5);
        QVERIFY(dir.accountIds().contains(created.at(2)));
    }

    void foldersThatAreNotAccountsAreIgnored()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(tmp.path());
        const QString id = dir.createAccount();
        QVERIFY(QDir(dir.accountsPath()).mkdir(QStringLiteral("notes")));
        QVERIFY(QDir(dir.accountsPath()).mkdir(QStringLiteral("0123456789ABCDEF"))); // upper case: not ours
        QVERIFY(writeFile(QDir(dir.accountsPath()).filePath(QStringLiteral("0123456789abcdef")), "a file"));
        QCOMPARE(dir.accountIds(), QStringList{id});
    }

    void eraseRemovesEverything()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(tmp.path());
        const QString keep = dir.createAccount();
        const QString id = dir.createAccount();
        QVERIFY(QDir().mkpath(dir.mediaPath(id)));
        for (const char *name : {"store.db", "store.db-wal", "store.db-shm", "media/abc"})
            QVERIFY(writeFile(QDir(dir.accountPath(id)).filePath(QString::fromLatin1(name)), "data"));

        QVERIFY(dir.eraseAccount(id));
        QVERIFY(!QFileInfo::exists(dir.accountPath(id)));
        QCOMPARE(dir.accountIds(), QStringList{keep});
        QVERIFY(dir.eraseAccount(id)); // already gone: still fine
        QVERIFY(QFileInfo(dir.accountPath(keep)).isDir());
    }

    void invalidIdsNeverReachTheFileSystem()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(QDir(tmp.path()).filePath(QStringLiteral("profile")));
        QVERIFY(QDir().mkpath(dir.accountsPath()));
        const QString precious = QDir(tmp.path()).filePath(QStringLiteral("precious"));
        QVERIFY(writeFile(precious, "keep me"));
        for (const QString &bad : {QString(), QStringLiteral(".."), QStringLiteral("../../precious"),
                                   QStringLiteral("0123456789abcdeg"), QStringLiteral("0123456789abcde")}) {
            QVERIFY(!AccountDirectory::isValidAccountId(bad));
            QVERIFY(!dir.eraseAccount(bad));
            QString error;
            QVERIFY(dir.setAside(bad, &error).isEmpty());
            QVERIFY(!error.isEmpty());
        }
        QVERIFY(QFileInfo::exists(precious));
    }

    void setAsideMovesAndKeeps()
    {
        QTemporaryDir tmp;
        AccountDirectory dir(tmp.path());
        const QString id = dir.createAccount();
        QVERIFY(writeFile(dir.databasePath(id), "damaged database"));
        QVERIFY(writeFile(dir.databasePath(id) + QStringLiteral("-wal"), "wal"));

        QString error;
        const QString aside = dir.setAside(id, &error);
        QVERIFY2(!aside.isEmpty(), qPrintable(error));
        QVERIFY(!dir.contains(id));
        QVERIFY(dir.accountIds().isEmpty());
        QCOMPARE(QFileInfo(aside).dir().absolutePath(), QDir(dir.setAsidePath()).absolutePath());
        QVERIFY2(QRegularExpression(QStringLiteral("^%1-\\d{8}T\\d{6}Z$").arg(id))
                     .match(QFileInfo(aside).fileName())
                     .hasMatch(),
                 qPrintable(aside));
        QFile db(QDir(aside).filePath(QStringLiteral("store.db")));
        QVERIFY(db.open(QIODevice::ReadOnly));
        QCOMPARE(db.readAll(), QByteArray("damaged database"));
        QVERIFY(QFileInfo::exists(QDir(aside).filePath(QStringLiteral("store.db-wal"))));
        QCOMPARE(QFileInfo(dir.setAsidePath()).permissions() & otherBits(), QFileDevice::Permissions());

        // Setting aside twice within the same second keeps both.
        QVERIFY(QDir(dir.accountsPath()).mkdir(id));
        const QString second = dir.setAside(id, &error);
        QVERIFY2(!second.isEmpty(), qPrintable(error));
        QVERIFY(second != aside);
        QVERIFY(QFileInfo(aside).isDir());
        QVERIFY(QFileInfo(second).isDir());

        // Nothing to set aside.
        QVERIFY(dir.setAside(id, &error).isEmpty());
    }

    void keyRoundTripThroughTheKeychain()
    {
        QTemporaryDir tmp; // a unique profile key, so a real keychain is never disturbed
        const QString profile = tmp.path();
        const QString account = AccountDirectory::newAccountId();
        DatabaseKeyStore keys;
        QSignalSpy ready(&keys, &DatabaseKeyStore::keyReady);
        QSignalSpy failed(&keys, &DatabaseKeyStore::failed);
        QSignalSpy erased(&keys, &DatabaseKeyStore::keyErased);

        keys.loadKey(profile, account);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, 20000);
        QCOMPARE(ready.size(), 0);
        const auto missing = failed.takeFirst().at(1).value<StoreError>();
        // No keychain means a broken setup, never a pass: scripts/test runs every test inside
        // scripts/private-session (its own D-Bus session and an unlocked gnome-keyring), so the real
        // Secret Service path is exercised. Run by hand: scripts/private-session build/tests/unit_test_account_directory
        if (missing.kind == StoreError::Kind::KeychainUnavailable)
            QFAIL(qPrintable(QStringLiteral("no keychain reachable (%1): run under scripts/private-session")
                                 .arg(missing.detail)));
        QCOMPARE(missing.kind, StoreError::Kind::KeyMissing);

        keys.createKey(profile, account);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, 20000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(ready.first().at(0).toString(), account);
        const QByteArray created = ready.takeFirst().at(1).toByteArray();
        QCOMPARE(created.size(), DatabaseKeyStore::kKeySize);
        QVERIFY(created != QByteArray(DatabaseKeyStore::kKeySize, '\0'));

        keys.loadKey(profile, account);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, 20000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(ready.takeFirst().at(1).toByteArray(), created);

        // Another account of the same profile has its own key.
        const QString other = AccountDirectory::newAccountId();
        keys.createKey(profile, other);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size() + failed.size(), 1, 20000);
        QVERIFY(ready.takeFirst().at(1).toByteArray() != created);

        keys.eraseKey(profile, account);
        keys.eraseKey(profile, other);
        QTRY_COMPARE_WITH_TIMEOUT(erased.size(), 2, 20000);
        QVERIFY(erased.at(0).at(1).toBool());
        QVERIFY(erased.at(1).at(1).toBool());

        keys.loadKey(profile, account);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(failed.takeFirst().at(1).value<StoreError>().kind, StoreError::Kind::KeyMissing);

        // Erasing what is not there is not an error.
        keys.eraseKey(profile, account);
        QTRY_COMPARE_WITH_TIMEOUT(erased.size(), 3, 20000);
        QVERIFY(erased.at(2).at(1).toBool());
    }

    void wipeOverwritesOnlyItsOwnCopy()
    {
        QByteArray secret(32, 'k');
        const QByteArray other = secret; // shared
        DatabaseKeyStore::wipe(secret);
        QVERIFY(secret.isEmpty());
        QCOMPARE(other, QByteArray(32, 'k'));
    }
};

QTEST_GUILESS_MAIN(TestAccountDirectory)
#include "test_account_directory.moc"
