#include "store/credential_store.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcCredentials, "estafette.store.credentials")

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
} // namespace

QJsonObject SessionCredentials::toJson() const
{
    return QJsonObject{
        {QStringLiteral("homeserver"), homeserver.toString()},
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("device_id"), deviceId},
        {QStringLiteral("access_token"), accessToken},
    };
}

std::optional<SessionCredentials> SessionCredentials::fromJson(const QJsonObject &json)
{
    SessionCredentials c;
    c.homeserver = QUrl(json.value(QStringLiteral("homeserver")).toString());
    c.userId = json.value(QStringLiteral("user_id")).toString();
    c.deviceId = json.value(QStringLiteral("device_id")).toString();
    c.accessToken = json.value(QStringLiteral("access_token")).toString();
    if (!c.isValid())
        return std::nullopt;
    return c;
}

CredentialStore::CredentialStore(const QString &profile, QObject *parent)
    : QObject(parent)
    , m_key(QStringLiteral("account:") + (profile.isEmpty() ? QStringLiteral("default") : profile))
{
    qRegisterMetaType<std::optional<SessionCredentials>>();
}

void CredentialStore::save(const SessionCredentials &credentials)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_key, this);
    job->setTextData(QString::fromUtf8(QJsonDocument(credentials.toJson()).toJson(QJsonDocument::Compact)));
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok = job->error() == QKeychain::NoError;
        if (!ok)
            qCWarning(lcCredentials) << "keychain write failed:" << job->errorString();
        emit saved(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

void CredentialStore::load()
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_key, this);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::EntryNotFound) {
            emit loaded(std::nullopt, QString());
            return;
        }
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcCredentials) << "keychain read failed:" << job->errorString();
            emit loaded(std::nullopt, job->errorString());
            return;
        }
        const auto doc = QJsonDocument::fromJson(job->textData().toUtf8());
        const auto creds = SessionCredentials::fromJson(doc.object());
        if (!creds)
            qCWarning(lcCredentials) << "ignoring an unreadable keychain entry";
        emit loaded(creds, QString());
    });
    job->start();
}

void CredentialStore::erase()
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_key, this);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        emit erased(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

} // namespace estafette
