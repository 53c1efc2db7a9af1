#include "store/account_directory.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSaveFile>

#include <algorithm>

Q_LOGGING_CATEGORY(lcAccountDirectory, "estafette.store.accounts")

namespace estafette {

namespace {
const auto kAccounts = QStringLiteral("accounts");
const auto kSetAside = QStringLiteral("accounts-set-aside");
const auto kCreated = QStringLiteral("created");
const auto kDatabase = QStringLiteral("store.db");
const auto kMedia = QStringLiteral("media");

constexpr QFileDevice::Permissions kOwnerOnly =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

// mkpath, then 0700 on the last component.
bool makePrivateDir(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    return QFile::setPermissions(path, kOwnerOnly);
}

qint64 createdAt(const QString &accountPath)
{
    QFile file(QDir(accountPath).filePath(kCreated));
    if (file.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const qint64 ms = file.read(32).trimmed().toLongLong(&ok);
        if (ok)
            return ms;
    }
    // No readable "created" file: fall back to the folder's own dates.
    const QFileInfo info(accountPath);
    QDateTime when = info.birthTime();
    if (!when.isValid())
        when = info.lastModified();
    return when.isValid() ? when.toMSecsSinceEpoch() : 0;
}
} // namespace

AccountDirectory::AccountDirectory(const QString &profilePath)
    : m_profile(QDir::cleanPath(profilePath))
{
}

QString AccountDirectory::accountsPath() const
{
    return QDir(m_profile).filePath(kAccounts);
}

QString AccountDirectory::setAsidePath() const
{
    return QDir(m_profile).filePath(kSetAside);
}

bool AccountDirectory::isValidAccountId(const QString &accountId)
{
    if (accountId.size() != 16)
        return false;
    return std::all_of(accountId.cbegin(), accountId.cend(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
    });
}

QString AccountDirectory::newAccountId()
{
    quint32 words[2];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

QStringList AccountDirectory::accountIds() const
{
    const QDir dir(accountsPath());
    if (!dir.exists())
        return {};
    struct Entry {
        qint64 created;
        QString id;
    };
    QList<Entry> entries;
    const QStringList names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    for (const QString &name : names) {
        if (isValidAccountId(name))
            entries.append({createdAt(dir.filePath(name)), name});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.created != b.created ? a.created < b.created : a.id < b.id;
    });
    QStringList ids;
    ids.reserve(entries.size());
    for (const Entry &e : entries)
        ids.append(e.id);
    return ids;
}

bool AccountDirectory::contains(const QString &accountId) const
{
    return isValidAccountId(accountId) && QFileInfo(accountPath(accountId)).isDir();
}

QString AccountDirectory::createAccount(QString *error)
{
    auto fail = [error](const QString &why) {
        qCWarning(lcAccountDirectory) << "cannot create an account folder:" << why;
        if (error)
            *error = why;
        return QString();
    };
    if (!QDir().mkpath(m_profile))
        return fail(QStringLiteral("cannot create the profile folder"));
    if (!makePrivateDir(accountsPath()))
        return fail(QStringLiteral("cannot create %1 with owner-only permissions").arg(accountsPath()));

    QString id;
    for (int attempt = 0; attempt < 8 && id.isEmpty(); ++attempt) {
        const QString candidate = newAccountId();
        // mkdir (not mkpath) fails when the folder already exists, so two ids never share a folder.
        if (QDir(accountsPath()).mkdir(candidate))
            id = candidate;
    }
    if (id.isEmpty())
        return fail(QStringLiteral("cannot create a folder under %1").arg(accountsPath()));
    const QString path = accountPath(id);
    if (!QFile::setPermissions(path, kOwnerOnly)) {
        QDir(path).removeRecursively();
        return fail(QStringLiteral("cannot restrict the permissions of %1").arg(path));
    }
    QSaveFile created(QDir(path).filePath(kCreated));
    if (!created.open(QIODevice::WriteOnly) || !created.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || created.write(QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + '\n') < 0 || !created.commit()) {
        QDir(path).removeRecursively();
        return fail(QStringLiteral("cannot write %1").arg(created.fileName()));
    }
    qCInfo(lcAccountDirectory) << "created account" << id;
    return id;
}

QString AccountDirectory::accountPath(const QString &accountId) const
{
    Q_ASSERT(isValidAccountId(accountId));
    return QDir(accountsPath()).filePath(accountId);
}

QString AccountDirectory::databasePath(const QString &accountId) const
{
    return QDir(accountPath(accountId)).filePath(kDatabase);
}

QString AccountDirectory::mediaPath(const QString &accountId) const
{
    return QDir(accountPath(accountId)).filePath(kMedia);
}

bool AccountDirectory::hasDatabase(const QString &accountId) const
{
    return isValidAccountId(accountId) && QFileInfo(databasePath(accountId)).isFile();
}

bool AccountDirectory::eraseAccount(const QString &accountId)
{
    // The id is checked before it becomes part of a path that is removed recursively.
    if (!isValidAccountId(accountId)) {
        qCWarning(lcAccountDirectory) << "refusing to erase an invalid account id";
        return false;
    }
    QDir dir(accountPath(accountId));
    if (!dir.exists())
        return true;
    const bool ok = dir.removeRecursively();
    if (ok)
        qCInfo(lcAccountDirectory) << "erased account" << accountId;
    else
        qCWarning(lcAccountDirectory) << "could not erase all of account" << accountId;
    return ok;
}

QString AccountDirectory::setAside(const QString &accountId, QString *error)
{
    auto fail = [error](const QString &why) {
        qCWarning(lcAccountDirectory) << "cannot set an account aside:" << why;
        if (error)
            *error = why;
        return QString();
    };
    if (!isValidAccountId(accountId))
        return fail(QStringLiteral("invalid account id"));
    const QString from = accountPath(accountId);
    if (!QFileInfo(from).isDir())
        return fail(QStringLiteral("no folder for account %1").arg(accountId));
    if (!makePrivateDir(setAsidePath()))
        return fail(QStringLiteral("cannot create %1").arg(setAsidePath()));
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QString to = QDir(setAsidePath()).filePath(accountId + QLatin1Char('-') + stamp);
    for (int n = 2; QFileInfo::exists(to); ++n)
        to = QDir(setAsidePath()).filePath(accountId + QLatin1Char('-') + stamp + QLatin1Char('-') + QString::number(n));
    // Same file system (both under the profile): a rename, never a copy and delete.
    if (!QDir().rename(from, to))
        return fail(QStringLiteral("cannot move %1 to %2").arg(from, to));
    qCInfo(lcAccountDirectory) << "set account" << accountId << "aside in" << to;
    return to;
}

} // namespace estafette
