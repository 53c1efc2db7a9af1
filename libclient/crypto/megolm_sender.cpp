#include "crypto/megolm_sender.h"

#include "crypto/crypto_backend.h"
#include "crypto/megolm_receiver.h"
#include "crypto/secret_memory.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

Q_LOGGING_CATEGORY(lcMegolmOut, "estafette.crypto.megolm.out")

namespace estafette {

namespace {
QString deviceKey(const QString &userId, const QString &deviceId)
{
    return userId + QLatin1Char('|') + deviceId;
}
} // namespace

RotationSettings RotationSettings::fromEncryptionContent(const QJsonObject &content)
{
    RotationSettings s;
    const QJsonValue ms = content.value(QLatin1String("rotation_period_ms"));
    const QJsonValue msgs = content.value(QLatin1String("rotation_period_msgs"));
    if (ms.isDouble() && ms.toDouble() >= 1)
        s.periodMs = std::min<qint64>(qint64(ms.toDouble()), s.periodMs); // never longer than a week
    if (msgs.isDouble() && msgs.toDouble() >= 1)
        s.periodMessages = std::min(int(msgs.toDouble()), 10000);
    return s;
}

MegolmSender::MegolmSender(CryptoBackend &backend, CryptoStore &store, MegolmReceiver &receiver,
                           const QByteArray &pickleKey, const QString &ownUserId, const QString &ownDeviceId,
                           const QString &ownCurve25519, const QString &ownEd25519, Clock clock)
    : m_backend(backend), m_store(store), m_receiver(receiver), m_pickleKey(pickleKey), m_ownUserId(ownUserId),
      m_ownDeviceId(ownDeviceId), m_ownCurve25519(ownCurve25519), m_ownEd25519(ownEd25519), m_clock(std::move(clock))
{
}

MegolmSender::~MegolmSender()
{
    wipeSecret(m_pickleKey);
}

bool MegolmSender::create(const QString &roomId, StoredOutboundGroupSession *created)
{
    auto session = m_backend.createMegolmOutboundSession();
    if (!session)
        return false;
    auto key = session.value()->sessionKey();
    auto pickle = session.value()->pickle(m_pickleKey);
    if (!key || !pickle)
        return false;
    QByteArray sessionKey = std::move(key).value();
    StoredOutboundGroupSession stored;
    stored.roomId = roomId;
    stored.sessionId = session.value()->sessionId();
    stored.pickle = pickle.value();
    stored.createdMs = m_clock();
    const bool ok = m_receiver.addOwnSession(roomId, m_ownCurve25519, m_ownEd25519, stored.sessionId, sessionKey)
        && m_store.saveOutboundGroupSession(stored);
    wipeSecret(sessionKey);
    if (ok) {
        qCInfo(lcMegolmOut) << "new Megolm session" << stored.sessionId << "for" << roomId;
        *created = stored;
    }
    return ok;
}

bool MegolmSender::plan(const QString &roomId, const QList<StoredDevice> &recipients, const RotationSettings &settings,
                        Plan *plan)
{
    QSet<QString> recipientKeys;
    for (const StoredDevice &d : recipients)
        recipientKeys.insert(deviceKey(d.userId, d.deviceId));

    auto current = m_store.outboundGroupSession(roomId);
    if (current) {
        QString why;
        if (current->messageCount >= settings.periodMessages)
            why = QStringLiteral("%1 messages sent").arg(current->messageCount);
        else if (m_clock() - current->createdMs >= settings.periodMs)
            why = QStringLiteral("older than its rotation period");
        for (auto user = current->sharedWith.cbegin(); why.isEmpty() && user != current->sharedWith.cend(); ++user) {
            for (auto device = user->cbegin(); device != user->cend(); ++device) {
                if (!recipientKeys.contains(deviceKey(user.key(), device.key()))) {
                    why = QStringLiteral("a device that has it is no longer a recipient");
                    break;
                }
            }
        }
        if (!why.isEmpty()) {
            qCInfo(lcMegolmOut) << "rotating the Megolm session of" << roomId << ":" << why;
            if (!m_store.removeOutboundGroupSession(roomId))
                return false;
            current.reset();
        }
    }
    plan->rotated = !current;
    if (!current) {
        StoredOutboundGroupSession created;
        if (!create(roomId, &created))
            return false;
        current = created;
    }
    plan->sessionId = current->sessionId;
    plan->needKey.clear();
    for (const StoredDevice &d : recipients) {
        if (!current->sharedWith.value(d.userId).contains(d.deviceId))
            plan->needKey.append(d);
    }
    return true;
}

CryptoResult<QJsonObject> MegolmSender::roomKeyContent(const QString &roomId)
{
    const auto stored = m_store.outboundGroupSession(roomId);
    if (!stored)
        return CryptoError::SessionMismatch;
    auto session = m_backend.unpickleMegolmOutboundSession(stored->pickle, m_pickleKey);
    if (!session)
        return session.error();
    auto key = session.value()->sessionKey();
    if (!key)
        return key.error();
    QByteArray secret = std::move(key).value();
    QJsonObject content{
        {QStringLiteral("algorithm"), QStringLiteral("m.megolm.v1.aes-sha2")},
        {QStringLiteral("room_id"), roomId},
        {QStringLiteral("session_id"), stored->sessionId},
        {QStringLiteral("session_key"), QString::fromLatin1(secret)},
    };
    wipeSecret(secret);
    return content;
}

bool MegolmSender::markShared(const QString &roomId, const QString &sessionId, const QList<StoredDevice> &devices)
{
    auto stored = m_store.outboundGroupSession(roomId);
    if (!stored || stored->sessionId != sessionId)
        return true; // rotated meanwhile: the new session is planned again
    auto session = m_backend.unpickleMegolmOutboundSession(stored->pickle, m_pickleKey);
    const std::uint32_t index = session ? session.value()->messageIndex() : 0;
    for (const StoredDevice &d : devices)
        stored->sharedWith[d.userId].insert(d.deviceId, index);
    return m_store.saveOutboundGroupSession(*stored);
}

CryptoResult<QJsonObject> MegolmSender::encrypt(const QString &roomId, const QString &type,
                                                const QJsonObject &content)
{
    auto stored = m_store.outboundGroupSession(roomId);
    if (!stored)
        return CryptoError::SessionMismatch;
    auto session = m_backend.unpickleMegolmOutboundSession(stored->pickle, m_pickleKey);
    if (!session)
        return session.error();
    QJsonObject inner = content;
    const QJsonValue relation = inner.value(QLatin1String("m.relates_to"));
    QByteArray plaintext = QJsonDocument(QJsonObject{{QStringLiteral("type"), type},
                                                     {QStringLiteral("content"), inner},
                                                     {QStringLiteral("room_id"), roomId}})
                               .toJson(QJsonDocument::Compact);
    auto ciphertext = session.value()->encrypt(plaintext);
    wipeSecret(plaintext);
    if (!ciphertext)
        return ciphertext.error();
    auto pickle = session.value()->pickle(m_pickleKey);
    if (!pickle)
        return pickle.error();
    stored->pickle = pickle.value();
    stored->messageCount += 1;
    // Saved before the ciphertext can leave: a crash never reuses a message index.
    if (!m_store.saveOutboundGroupSession(*stored))
        return CryptoError::Unknown;
    QJsonObject encrypted{
        {QStringLiteral("algorithm"), QStringLiteral("m.megolm.v1.aes-sha2")},
        {QStringLiteral("sender_key"), m_ownCurve25519},
        {QStringLiteral("session_id"), stored->sessionId},
        {QStringLiteral("device_id"), m_ownDeviceId},
        {QStringLiteral("ciphertext"), QString::fromLatin1(ciphertext.value())},
    };
    if (relation.isObject())
        encrypted.insert(QStringLiteral("m.relates_to"), relation);
    return encrypted;
}

bool MegolmSender::discard(const QString &roomId)
{
    return m_store.removeOutboundGroupSession(roomId);
}

} // namespace estafette
