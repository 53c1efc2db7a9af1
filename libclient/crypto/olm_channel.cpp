#include "crypto/olm_channel.h"

#include "crypto/crypto_backend.h"
#include "crypto/device_account.h"
#include "crypto/json_signing.h"
#include "crypto/secret_memory.h"
#include "events/event.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcOlm, "estafette.crypto.olm")

namespace estafette {

const QString kOlmAlgorithm = QStringLiteral("m.olm.v1.curve25519-aes-sha2");

namespace {
constexpr int kMaxSessionsPerDevice = 10;
} // namespace

OlmChannel::OlmChannel(CryptoBackend &backend, CryptoStore &store, DeviceAccount &account, const QString &ownUserId,
                       const QString &ownDeviceId, Clock clock)
    : m_backend(backend), m_store(store), m_account(account), m_ownUserId(ownUserId), m_ownDeviceId(ownDeviceId),
      m_clock(std::move(clock))
{
}

qint64 OlmChannel::newestSessionCreatedMs(const QString &theirIdentityKey)
{
    qint64 newest = 0;
    for (const StoredOlmSession &s : m_store.olmSessions(theirIdentityKey))
        newest = std::max(newest, s.createdMs);
    return newest;
}

bool OlmChannel::saveSession(OlmSession &session, const QString &theirKey, qint64 createdMs)
{
    auto pickle = session.pickle(m_account.pickleKey());
    if (!pickle)
        return false;
    const qint64 now = m_clock();
    return m_store.saveOlmSession({theirKey, session.sessionId(), pickle.value(), createdMs ? createdMs : now, now});
}

OlmReceiveResult OlmChannel::receive(const Event &toDevice, bool *storeFailed)
{
    OlmReceiveResult result;
    const QJsonObject content = toDevice.content();
    result.senderKey = content.value(QLatin1String("sender_key")).toString();
    const QJsonObject ciphertext = content.value(QLatin1String("ciphertext")).toObject();
    if (content.value(QLatin1String("algorithm")).toString() != kOlmAlgorithm || result.senderKey.isEmpty()) {
        result.reason = QStringLiteral("not an Olm message");
        return result;
    }
    const QString ownKey = m_account.identityKeys().curve25519;
    if (!ciphertext.contains(ownKey)) {
        result.status = OlmReceiveResult::Status::NotForThisDevice;
        result.reason = QStringLiteral("no ciphertext for this device");
        return result;
    }
    const QJsonObject mine = ciphertext.value(ownKey).toObject();
    const QJsonValue typeValue = mine.value(QLatin1String("type"));
    const QString body = mine.value(QLatin1String("body")).toString();
    if (!typeValue.isDouble() || body.isEmpty() || (typeValue.toInt() != 0 && typeValue.toInt() != 1)) {
        result.reason = QStringLiteral("malformed Olm ciphertext");
        return result;
    }
    const OlmMessage message{typeValue.toInt() == 0 ? OlmMessageType::PreKey : OlmMessageType::Normal,
                             body.toLatin1()};

    result.status = OlmReceiveResult::Status::Undecryptable;
    // Existing sessions first (most recently used first).
    for (const StoredOlmSession &stored : m_store.olmSessions(result.senderKey)) {
        auto session = m_backend.unpickleOlmSession(stored.pickle, m_account.pickleKey());
        if (!session)
            continue;
        if (message.type == OlmMessageType::PreKey) {
            auto matches = session.value()->matchesInboundSession(result.senderKey, message.body);
            if (!matches || !matches.value())
                continue;
        }
        auto plaintext = session.value()->decrypt(message);
        if (!plaintext) {
            if (message.type == OlmMessageType::PreKey) {
                result.reason = QStringLiteral("pre-key message for a known session did not decrypt");
                return result;
            }
            continue;
        }
        QByteArray bytes = std::move(plaintext).value();
        if (!saveSession(*session.value(), result.senderKey, stored.createdMs)) {
            wipeSecret(bytes);
            *storeFailed = true;
            return result;
        }
        checkPlaintext(toDevice, result.senderKey, bytes, &result);
        wipeSecret(bytes);
        return result;
    }
    if (message.type != OlmMessageType::PreKey) {
        result.reason = QStringLiteral("no session decrypts this message");
        return result;
    }
    // A new inbound session, kept only because its message decrypted.
    auto inbound = m_account.olm().createInboundSession(result.senderKey, message);
    if (!inbound) {
        result.reason = QStringLiteral("pre-key message did not decrypt (%1)").arg(cryptoErrorName(inbound.error()));
        return result;
    }
    InboundOlmSession created = std::move(inbound).value();
    // A device keeps at most a few sessions with us: each new one pushes out the least recently used, so a
    // device opening session after session can't make every message of its try them all.
    if (!saveSession(*created.session, result.senderKey, 0) || !m_account.save()
        || !m_store.keepNewestOlmSessions(result.senderKey, kMaxSessionsPerDevice)) {
        wipeSecret(created.plaintext);
        *storeFailed = true;
        return result;
    }
    qCInfo(lcOlm) << "new inbound Olm session from" << toDevice.sender();
    checkPlaintext(toDevice, result.senderKey, created.plaintext, &result);
    wipeSecret(created.plaintext);
    return result;
}

bool OlmChannel::checkPlaintext(const Event &toDevice, const QString &senderKey, const QByteArray &plaintext,
                                OlmReceiveResult *result)
{
    result->status = OlmReceiveResult::Status::Rejected;
    const QJsonDocument doc = QJsonDocument::fromJson(plaintext);
    const QJsonObject o = doc.object();
    OlmPlaintext p;
    p.sender = o.value(QLatin1String("sender")).toString();
    p.senderKey = senderKey;
    p.claimedEd25519 = o.value(QLatin1String("keys")).toObject().value(QLatin1String("ed25519")).toString();
    p.senderDevice = o.value(QLatin1String("sender_device")).toString();
    p.type = o.value(QLatin1String("type")).toString();
    p.content = o.value(QLatin1String("content")).toObject();
    const QString recipient = o.value(QLatin1String("recipient")).toString();
    const QString recipientEd =
        o.value(QLatin1String("recipient_keys")).toObject().value(QLatin1String("ed25519")).toString();
    if (!doc.isObject() || p.type.isEmpty()) {
        result->reason = QStringLiteral("plaintext is not an event");
        return false;
    }
    if (p.sender != toDevice.sender()) {
        result->reason = QStringLiteral("plaintext sender differs from the event's sender");
        return false;
    }
    if (recipient != m_ownUserId || recipientEd != m_account.identityKeys().ed25519) {
        result->reason = QStringLiteral("plaintext is addressed to another recipient");
        return false;
    }
    if (p.claimedEd25519.isEmpty()) {
        result->reason = QStringLiteral("plaintext has no sender ed25519 key");
        return false;
    }
    // When we know the sender's device with this curve25519 key, its ed25519 key must be the claimed one; a key
    // that is known only as another user's device's is not the sender's (judged against the sender's own devices
    // first: anyone can publish a copy of someone else's public key).
    if (const auto device = deviceWithCurveKey(m_store, p.sender, senderKey)) {
        if (device->ed25519 != p.claimedEd25519) {
            result->reason = QStringLiteral("the sending device's keys don't match the sender");
            return false;
        }
        if (p.senderDevice.isEmpty())
            p.senderDevice = device->deviceId;
    } else {
        const auto other = m_store.deviceByCurveKey(senderKey);
        if (other && other->userId != p.sender) {
            result->reason = QStringLiteral("the sending device belongs to another user");
            return false;
        }
    }
    result->status = OlmReceiveResult::Status::Decrypted;
    result->plaintext = p;
    return true;
}

CryptoStatus OlmChannel::createSession(const StoredDevice &device, const QJsonObject &keyObject)
{
    const QString key = keyObject.value(QLatin1String("key")).toString();
    if (key.isEmpty())
        return CryptoError::InvalidJson;
    const CryptoStatus verified = verifyJsonSignature(m_backend, keyObject, device.userId,
                                                      QLatin1String("ed25519:") + device.deviceId, device.ed25519);
    if (!verified)
        return verified.error();
    auto session = m_account.olm().createOutboundSession(device.curve25519, key);
    if (!session)
        return session.error();
    if (!saveSession(*session.value(), device.curve25519, 0))
        return CryptoError::Unknown;
    qCInfo(lcOlm) << "new outbound Olm session with" << device.userId << device.deviceId;
    return {};
}

CryptoResult<QJsonObject> OlmChannel::encrypt(const StoredDevice &device, const QString &type,
                                              const QJsonObject &content)
{
    const QList<StoredOlmSession> sessions = m_store.olmSessions(device.curve25519);
    if (sessions.isEmpty())
        return CryptoError::SessionMismatch;
    auto session = m_backend.unpickleOlmSession(sessions.first().pickle, m_account.pickleKey());
    if (!session)
        return session.error();
    const QJsonObject payload{
        {QStringLiteral("type"), type},
        {QStringLiteral("content"), content},
        {QStringLiteral("sender"), m_ownUserId},
        {QStringLiteral("sender_device"), m_ownDeviceId},
        {QStringLiteral("recipient"), device.userId},
        {QStringLiteral("recipient_keys"), QJsonObject{{QStringLiteral("ed25519"), device.ed25519}}},
        {QStringLiteral("keys"), QJsonObject{{QStringLiteral("ed25519"), m_account.identityKeys().ed25519}}},
    };
    QByteArray plaintext = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    auto message = session.value()->encrypt(plaintext);
    wipeSecret(plaintext);
    if (!message)
        return message.error();
    if (!saveSession(*session.value(), device.curve25519, sessions.first().createdMs))
        return CryptoError::Unknown;
    return QJsonObject{
        {QStringLiteral("algorithm"), kOlmAlgorithm},
        {QStringLiteral("sender_key"), m_account.identityKeys().curve25519},
        {QStringLiteral("ciphertext"),
         QJsonObject{{device.curve25519,
                      QJsonObject{{QStringLiteral("type"), int(message.value().type)},
                                  {QStringLiteral("body"), QString::fromLatin1(message.value().body)}}}}},
    };
}

} // namespace estafette
