#include "events/event_encryption.h"

#include <QJsonObject>

namespace estafette {

const QLatin1String kE2eKey("org.estafette.e2e");

namespace {

struct Names {
    DecryptionError error;
    const char *name;
};
constexpr Names kErrors[] = {
    {DecryptionError::None, ""},
    {DecryptionError::MissingKey, "missing_key"},
    {DecryptionError::UnknownIndex, "unknown_index"},
    {DecryptionError::Replay, "replay"},
    {DecryptionError::WrongRoom, "wrong_room"},
    {DecryptionError::Malformed, "malformed"},
    {DecryptionError::UnsupportedAlgorithm, "unsupported_algorithm"},
};

struct TrustNames {
    SenderTrust trust;
    const char *name;
};
constexpr TrustNames kTrust[] = {
    {SenderTrust::KnownDevice, "known_device"},
    {SenderTrust::UnknownDevice, "unknown_device"},
    {SenderTrust::Mismatch, "mismatch"},
    {SenderTrust::Forwarded, "forwarded"},
};

DecryptionError errorFromName(const QString &name)
{
    for (const Names &n : kErrors) {
        if (name == QLatin1String(n.name))
            return n.error;
    }
    return DecryptionError::Malformed;
}

SenderTrust trustFromName(const QString &name)
{
    for (const TrustNames &t : kTrust) {
        if (name == QLatin1String(t.name))
            return t.trust;
    }
    return SenderTrust::UnknownDevice;
}

} // namespace

QString decryptionErrorName(DecryptionError error)
{
    for (const Names &n : kErrors) {
        if (n.error == error)
            return QLatin1String(n.name);
    }
    return {};
}

QString senderTrustName(SenderTrust trust)
{
    for (const TrustNames &t : kTrust) {
        if (t.trust == trust)
            return QLatin1String(t.name);
    }
    return {};
}

EncryptionStatus encryptionStatus(const Event &event)
{
    EncryptionStatus status;
    const QJsonValue value = event.json().value(kE2eKey);
    if (!value.isObject()) {
        status.encrypted = event.kind() == EventKind::Encrypted;
        if (status.encrypted) {
            status.senderKey = event.content().value(QLatin1String("sender_key")).toString();
            status.sessionId = event.content().value(QLatin1String("session_id")).toString();
        }
        return status;
    }
    const QJsonObject e2e = value.toObject();
    status.encrypted = true;
    const QString error = e2e.value(QLatin1String("error")).toString();
    status.decrypted = error.isEmpty();
    status.error = status.decrypted ? DecryptionError::None : errorFromName(error);
    status.trust = trustFromName(e2e.value(QLatin1String("trust")).toString());
    status.senderKey = e2e.value(QLatin1String("sender_key")).toString();
    status.sessionId = e2e.value(QLatin1String("session_id")).toString();
    status.deviceId = e2e.value(QLatin1String("device_id")).toString();
    return status;
}

Event decryptedEvent(const Event &encrypted, const QString &type, const QJsonObject &content,
                     const EncryptionStatus &status)
{
    QJsonObject json = encrypted.json();
    json.insert(QLatin1String("type"), type);
    json.insert(QLatin1String("content"), content);
    QJsonObject e2e{
        {QStringLiteral("trust"), senderTrustName(status.trust)},
        {QStringLiteral("sender_key"), status.senderKey},
        {QStringLiteral("session_id"), status.sessionId},
    };
    if (!status.deviceId.isEmpty())
        e2e.insert(QStringLiteral("device_id"), status.deviceId);
    json.insert(kE2eKey, e2e);
    return Event(json);
}

Event withSenderTrust(const Event &decrypted, SenderTrust trust, const QString &deviceId)
{
    QJsonObject json = decrypted.json();
    QJsonObject e2e = json.value(kE2eKey).toObject();
    e2e.insert(QStringLiteral("trust"), senderTrustName(trust));
    if (deviceId.isEmpty())
        e2e.remove(QStringLiteral("device_id"));
    else
        e2e.insert(QStringLiteral("device_id"), deviceId);
    json.insert(kE2eKey, e2e);
    return Event(json);
}

Event undecryptableEvent(const Event &encrypted, DecryptionError error)
{
    QJsonObject json = encrypted.json();
    const QJsonObject content = encrypted.content();
    json.insert(kE2eKey, QJsonObject{
                             {QStringLiteral("error"), decryptionErrorName(error)},
                             {QStringLiteral("sender_key"), content.value(QLatin1String("sender_key"))},
                             {QStringLiteral("session_id"), content.value(QLatin1String("session_id"))},
                         });
    return Event(json);
}

} // namespace estafette
