#include "store/database_key_store.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

#include <iterator>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcDatabaseKeys, "estafette.store.keys")

namespace estafette {

namespace {
const auto kService = QStringLiteral("Estafette");

template<typename Job>
Job *makeJob(const QString &key, QObject *parent)
{
    auto *job = new Job(kService, parent);
    job->setKey(key);
    job->setAutoDelete(true);
    // Never let QtKeychain write secrets to a plaintext settings file when no keychain is available.
    job->setInsecureFallback(false);
    return job;
}

void wipeString(QString &secret)
{
    if (secret.isEmpty())
        return;
    secret.detach();
    volatile char16_t *p = reinterpret_cast<char16_t *>(secret.data());
    for (qsizetype i = 0; i < secret.size(); ++i)
        p[i] = u'0';
    secret.clear();
}

QByteArray randomKey()
{
    quint32 words[DatabaseKeyStore::kKeySize / sizeof(quint32)];
    QRandomGenerator::system()->fillRange(words);
    QByteArray key(reinterpret_cast<const char *>(words), sizeof words);
    volatile quint32 *w = words;
    for (size_t i = 0; i < std::size(words); ++i)
        w[i] = 0;
    return key;
}
} // namespace

DatabaseKeyStore::DatabaseKeyStore(QObject *parent)
    : QObject(parent)
{
}

QString DatabaseKeyStore::entryKey(const QString &profileKey, const QString &accountId)
{
    return QStringLiteral("database:%1:%2")
        .arg(profileKey.isEmpty() ? QStringLiteral("default") : profileKey, accountId);
}

void DatabaseKeyStore::wipe(QByteArray &secret)
{
    if (secret.isEmpty())
        return;
    // Detach first: only this copy's bytes are overwritten, never a buffer another owner still reads.
    secret.detach();
    volatile char *p = secret.data();
    for (qsizetype i = 0; i < secret.size(); ++i)
        p[i] = 0;
    secret.clear();
}

void DatabaseKeyStore::createKey(const QString &profileKey, const QString &accountId)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(entryKey(profileKey, accountId), this);
    QByteArray key = randomKey();
    QString hex = QString::fromLatin1(key.toHex());
    job->setTextData(hex);
    wipeString(hex);
    connect(job, &QKeychain::Job::finished, this, [this, job, accountId, key]() mutable {
        // The job's own copy of the text is replaced so it does not outlive the write longer than needed.
        job->setTextData(QString());
        if (job->error() != QKeychain::NoError) {
            wipe(key);
            qCWarning(lcDatabaseKeys) << "keychain write failed for account" << accountId << ":"
                                      << job->errorString();
            emit failed(accountId, StoreError{StoreError::Kind::KeychainUnavailable, job->errorString()});
            return;
        }
        qCInfo(lcDatabaseKeys) << "new database key stored for account" << accountId;
        emit keyReady(accountId, key);
        wipe(key);
    });
    job->start();
    wipe(key); // the lambda holds its own copy (same bytes, shared until it is wiped there)
}

void DatabaseKeyStore::loadKey(const QString &profileKey, const QString &accountId)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(entryKey(profileKey, accountId), this);
    connect(job, &QKeychain::Job::finished, this, [this, job, accountId] {
        if (job->error() == QKeychain::EntryNotFound) {
            qCWarning(lcDatabaseKeys) << "no database key in the keychain for account" << accountId;
            emit failed(accountId, StoreError{StoreError::Kind::KeyMissing,
                                              QStringLiteral("no keychain entry for this account's database")});
            return;
        }
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcDatabaseKeys) << "keychain read failed for account" << accountId << ":"
                                      << job->errorString();
            emit failed(accountId, StoreError{StoreError::Kind::KeychainUnavailable, job->errorString()});
            return;
        }
        QString hex = job->textData();
        QByteArray hexBytes = hex.toLatin1();
        wipeString(hex);
        QByteArray key = QByteArray::fromHex(hexBytes);
        const bool wellFormed = hexBytes.size() == 2 * kKeySize && key.size() == kKeySize
            && key.toHex() == hexBytes.toLower();
        wipe(hexBytes);
        if (!wellFormed) {
            wipe(key);
            qCWarning(lcDatabaseKeys) << "the keychain entry of account" << accountId << "is not a database key";
            emit failed(accountId, StoreError{StoreError::Kind::KeyMissing,
                                              QStringLiteral("the keychain entry does not hold a database key")});
            return;
        }
        emit keyReady(accountId, key);
        wipe(key);
    });
    job->start();
}

void DatabaseKeyStore::eraseKey(const QString &profileKey, const QString &accountId)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(entryKey(profileKey, accountId), this);
    connect(job, &QKeychain::Job::finished, this, [this, job, accountId] {
        const bool ok = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        if (!ok)
            qCWarning(lcDatabaseKeys) << "keychain delete failed for account" << accountId << ":"
                                      << job->errorString();
        emit keyErased(accountId, ok, ok ? QString() : job->errorString());
    });
    job->start();
}

void DatabaseKeyStore::eraseLegacyCredentials(const QString &profileKey)
{
    const QString key = QStringLiteral("account:") + (profileKey.isEmpty() ? QStringLiteral("default") : profileKey);
    auto *job = makeJob<QKeychain::DeletePasswordJob>(key, this);
    connect(job, &QKeychain::Job::finished, this, [job] {
        if (job->error() == QKeychain::NoError)
            qCInfo(lcDatabaseKeys) << "credentials entry of older versions removed from the keychain (if there was one)";
        else if (job->error() != QKeychain::EntryNotFound)
            qCWarning(lcDatabaseKeys) << "could not remove an older credentials entry:" << job->errorString();
    });
    job->start();
}

} // namespace estafette
