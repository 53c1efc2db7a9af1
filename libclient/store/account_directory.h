#pragma once

#include <QString>
#include <QStringList>

namespace estafette {

// The accounts of one profile on disk:
//   <profile>/accounts/<accountId>/created       creation time (ms since the epoch, UTC), orders the accounts
//   <profile>/accounts/<accountId>/store.db      the account's SQLCipher database (+ -wal, -shm)
//   <profile>/accounts/<accountId>/media/        encrypted media cache (later)
//   <profile>/accounts-set-aside/<accountId>-<UTC timestamp>/   an account whose key was lost or whose
//                                                database is damaged: kept, never deleted by the app
// An account id is 16 random hex characters, so no user id or server name ever appears in a file name.
// Folders are created 0700. Nothing here is thread-bound; all methods work on the file system directly.
class AccountDirectory {
public:
    explicit AccountDirectory(const QString &profilePath);

    QString profilePath() const { return m_profile; }
    QString accountsPath() const;
    QString setAsidePath() const;

    // The profile's accounts, oldest first (by their "created" file, then by id).
    QStringList accountIds() const;
    bool contains(const QString &accountId) const;
    // A new empty account folder; its id, or an empty string with *error set.
    QString createAccount(QString *error = nullptr);

    QString accountPath(const QString &accountId) const;
    QString databasePath(const QString &accountId) const;
    QString mediaPath(const QString &accountId) const;
    // Whether the account has a database yet (it is created after the first sign-in succeeded).
    bool hasDatabase(const QString &accountId) const;

    // Removes the account's folder and everything in it. True when it is gone (or was never there).
    bool eraseAccount(const QString &accountId);
    // Moves the account's folder to accounts-set-aside/<id>-<UTC timestamp>; returns the new path, or an
    // empty string with *error set. Nothing is deleted.
    QString setAside(const QString &accountId, QString *error = nullptr);

    static bool isValidAccountId(const QString &accountId);
    static QString newAccountId();

private:
    QString m_profile;
};

} // namespace estafette
