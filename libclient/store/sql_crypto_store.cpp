#include "store/sql_crypto_store.h"

#include "store/database.h"
#include "store/stored_json.h"

#include <sqlcipher/sqlite3.h>

namespace estafette {

SqlCryptoStore::SqlCryptoStore(Database &db)
    : m_db(db), m_olm(db), m_megolm(db), m_devices(db), m_misc(db), m_rooms(db), m_timeline(db), m_toDevice(db),
      m_unconfirmed(db)
{
}

QList<StoredOlmSession> SqlCryptoStore::olmSessions(const QString &theirIdentityKey)
{
    m_db.assertThread();
    return m_olm.sessions(theirIdentityKey);
}

bool SqlCryptoStore::saveOlmSession(const StoredOlmSession &session)
{
    m_db.assertThread();
    return m_olm.save(session);
}

bool SqlCryptoStore::hasOlmSession(const QString &theirIdentityKey)
{
    m_db.assertThread();
    return m_olm.exists(theirIdentityKey);
}

bool SqlCryptoStore::keepNewestOlmSessions(const QString &theirIdentityKey, int keep)
{
    m_db.assertThread();
    return m_olm.keepNewest(theirIdentityKey, keep);
}

std::optional<StoredInboundGroupSession> SqlCryptoStore::inboundGroupSession(const QString &roomId,
                                                                             const QString &senderKey,
                                                                             const QString &sessionId)
{
    m_db.assertThread();
    return m_megolm.inbound(roomId, senderKey, sessionId);
}

bool SqlCryptoStore::saveInboundGroupSession(const StoredInboundGroupSession &session)
{
    m_db.assertThread();
    return m_megolm.saveInbound(session);
}

QList<StoredInboundGroupSession> SqlCryptoStore::inboundGroupSessions(const QString &roomId)
{
    m_db.assertThread();
    return m_megolm.inbound(roomId);
}

std::optional<StoredOutboundGroupSession> SqlCryptoStore::outboundGroupSession(const QString &roomId)
{
    m_db.assertThread();
    return m_megolm.outbound(roomId);
}

bool SqlCryptoStore::saveOutboundGroupSession(const StoredOutboundGroupSession &session)
{
    m_db.assertThread();
    return m_megolm.saveOutbound(session);
}

bool SqlCryptoStore::removeOutboundGroupSession(const QString &roomId)
{
    m_db.assertThread();
    return m_megolm.removeOutbound(roomId);
}

QString SqlCryptoStore::megolmIndexEvent(const QString &senderKey, const QString &sessionId, std::uint32_t index)
{
    m_db.assertThread();
    return m_megolm.indexEvent(senderKey, sessionId, index);
}

bool SqlCryptoStore::recordMegolmIndex(const QString &senderKey, const QString &sessionId, std::uint32_t index,
                                       const QString &eventId)
{
    m_db.assertThread();
    return m_megolm.recordIndex(senderKey, sessionId, index, eventId);
}

QList<StoredDevice> SqlCryptoStore::devices(const QString &userId)
{
    m_db.assertThread();
    return m_devices.devices(userId);
}

bool SqlCryptoStore::replaceDevices(const QString &userId, const QList<StoredDevice> &devices)
{
    m_db.assertThread();
    return m_devices.replaceDevices(userId, devices);
}

std::optional<StoredDevice> SqlCryptoStore::deviceByCurveKey(const QString &curve25519)
{
    m_db.assertThread();
    return m_devices.deviceByCurveKey(curve25519);
}

QMap<QString, bool> SqlCryptoStore::trackedUsers()
{
    m_db.assertThread();
    return m_devices.trackedUsers();
}

bool SqlCryptoStore::setTrackedUser(const QString &userId, bool outdated)
{
    m_db.assertThread();
    return m_devices.setTrackedUser(userId, outdated);
}

bool SqlCryptoStore::untrackUser(const QString &userId)
{
    m_db.assertThread();
    return m_devices.untrackUser(userId);
}

std::optional<QJsonObject> SqlCryptoStore::roomEncryption(const QString &roomId)
{
    m_db.assertThread();
    return m_misc.roomEncryption(roomId);
}

QStringList SqlCryptoStore::encryptedRoomIds()
{
    m_db.assertThread();
    return m_misc.encryptedRoomIds();
}

bool SqlCryptoStore::setRoomEncryption(const QString &roomId, const QJsonObject &content)
{
    m_db.assertThread();
    return m_misc.setRoomEncryption(roomId, content);
}

bool SqlCryptoStore::addPendingDecryption(const PendingDecryption &pending)
{
    m_db.assertThread();
    return m_misc.addPendingDecryption(pending);
}

QStringList SqlCryptoStore::pendingDecryptions(const QString &roomId, const QString &senderKey, const QString &sessionId)
{
    m_db.assertThread();
    return m_misc.pendingDecryptions(roomId, senderKey, sessionId);
}

bool SqlCryptoStore::removePendingDecryption(const QString &roomId, const QString &eventId)
{
    m_db.assertThread();
    return m_misc.removePendingDecryption(roomId, eventId);
}

bool SqlCryptoStore::saveUnconfirmedSender(const UnconfirmedSender &unconfirmed)
{
    m_db.assertThread();
    return m_unconfirmed.save(unconfirmed);
}

QList<UnconfirmedSender> SqlCryptoStore::unconfirmedSenders(const QString &sender, const QString &senderKey)
{
    m_db.assertThread();
    return m_unconfirmed.bySenderKey(sender, senderKey);
}

QList<UnconfirmedSender> SqlCryptoStore::unconfirmedSendersAwaitingList(const QString &sender)
{
    m_db.assertThread();
    return m_unconfirmed.awaitingList(sender);
}

bool SqlCryptoStore::removeUnconfirmedSender(const QString &roomId, const QString &eventId)
{
    m_db.assertThread();
    return m_unconfirmed.remove(roomId, eventId);
}

std::optional<qint64> SqlCryptoStore::roomKey(const QString &roomId)
{
    const std::optional<StoredRoom> room = m_rooms.find(roomId);
    return room ? std::optional<qint64>(room->id) : std::nullopt;
}

std::optional<QJsonObject> SqlCryptoStore::timelineEvent(const QString &roomId, const QString &eventId)
{
    m_db.assertThread();
    const std::optional<qint64> room = roomKey(roomId);
    if (!room)
        return std::nullopt;
    const std::optional<QByteArray> json = m_timeline.event(*room, eventId);
    if (!json)
        return std::nullopt;
    return objectFromStoredJson(*json);
}

bool SqlCryptoStore::replaceTimelineEvent(const QString &roomId, const QString &eventId, const QJsonObject &event)
{
    m_db.assertThread();
    const std::optional<qint64> room = roomKey(roomId);
    if (!room) {
        m_db.setError(SQLITE_NOTFOUND, QStringLiteral("timeline: no such room"));
        return false;
    }
    return m_timeline.replaceEvent(*room, eventId, toStoredJson(event));
}

bool SqlCryptoStore::saveKeyRequest(const StoredKeyRequest &request)
{
    m_db.assertThread();
    return m_misc.saveKeyRequest(request);
}

std::optional<StoredKeyRequest> SqlCryptoStore::keyRequestFor(const QString &roomId, const QString &senderKey,
                                                              const QString &sessionId)
{
    m_db.assertThread();
    return m_misc.keyRequestFor(roomId, senderKey, sessionId);
}

QList<StoredKeyRequest> SqlCryptoStore::keyRequests()
{
    m_db.assertThread();
    return m_misc.keyRequests();
}

bool SqlCryptoStore::removeKeyRequest(const QString &requestId)
{
    m_db.assertThread();
    return m_misc.removeKeyRequest(requestId);
}

bool SqlCryptoStore::queueToDevice(const QueuedToDevice &message)
{
    m_db.assertThread();
    return m_toDevice.insert(message);
}

QList<QueuedToDevice> SqlCryptoStore::queuedToDevice()
{
    m_db.assertThread();
    return m_toDevice.entries();
}

bool SqlCryptoStore::removeQueuedToDevice(const QString &transactionId)
{
    m_db.assertThread();
    return m_toDevice.remove(transactionId);
}

bool SqlCryptoStore::addAwaitingOlmMessage(const AwaitingOlmMessage &message)
{
    m_db.assertThread();
    return m_toDevice.addAwaiting(message);
}

QList<AwaitingOlmMessage> SqlCryptoStore::awaitingOlmMessages()
{
    m_db.assertThread();
    return m_toDevice.awaiting();
}

bool SqlCryptoStore::setAwaitingNewSession(const QString &userId, const QString &deviceId, bool forceNewSession)
{
    m_db.assertThread();
    return m_toDevice.setAwaitingNewSession(userId, deviceId, forceNewSession);
}

bool SqlCryptoStore::removeAwaitingOlmMessages(const QString &userId, const QString &deviceId)
{
    m_db.assertThread();
    return m_toDevice.removeAwaiting(userId, deviceId);
}

QByteArray SqlCryptoStore::value(const QString &key)
{
    m_db.assertThread();
    return m_misc.value(key);
}

bool SqlCryptoStore::setValue(const QString &key, const QByteArray &value)
{
    m_db.assertThread();
    return m_misc.setValue(key, value);
}

} // namespace estafette
