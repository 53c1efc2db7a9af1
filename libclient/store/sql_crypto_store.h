#pragma once

#include "crypto/crypto_store.h"
#include "store/crypto_misc_table.h"
#include "store/device_table.h"
#include "store/megolm_table.h"
#include "store/olm_session_table.h"
#include "store/room_table.h"
#include "store/timeline_table.h"
#include "store/to_device_outbox_table.h"
#include "store/unconfirmed_sender_table.h"

namespace estafette {

class Database;

// CryptoStore over the account's SQLCipher database (schemas 4 to 6): the crypto table groups, plus the timeline for
// replacing an event by its decrypted form. Every call asserts the database's thread. The writes that touch
// several rows (replaceDevices, untrackUser) are atomic on their own; several calls are made atomic together
// by running them in AccountStore::inTransaction().
class SqlCryptoStore final : public CryptoStore {
public:
    explicit SqlCryptoStore(Database &db);

    QList<StoredOlmSession> olmSessions(const QString &theirIdentityKey) override;
    bool saveOlmSession(const StoredOlmSession &session) override;
    bool hasOlmSession(const QString &theirIdentityKey) override;
    bool keepNewestOlmSessions(const QString &theirIdentityKey, int keep) override;

    std::optional<StoredInboundGroupSession> inboundGroupSession(const QString &roomId, const QString &senderKey,
                                                                 const QString &sessionId) override;
    bool saveInboundGroupSession(const StoredInboundGroupSession &session) override;
    QList<StoredInboundGroupSession> inboundGroupSessions(const QString &roomId) override;

    std::optional<StoredOutboundGroupSession> outboundGroupSession(const QString &roomId) override;
    bool saveOutboundGroupSession(const StoredOutboundGroupSession &session) override;
    bool removeOutboundGroupSession(const QString &roomId) override;

    // The first event recorded at an index keeps it: recording another event there is a no-op returning true.
    QString megolmIndexEvent(const QString &senderKey, const QString &sessionId, std::uint32_t index) override;
    bool recordMegolmIndex(const QString &senderKey, const QString &sessionId, std::uint32_t index,
                           const QString &eventId) override;

    QList<StoredDevice> devices(const QString &userId) override;
    bool replaceDevices(const QString &userId, const QList<StoredDevice> &devices) override;
    // nullopt also when several known devices claim the key.
    std::optional<StoredDevice> deviceByCurveKey(const QString &curve25519) override;

    QMap<QString, bool> trackedUsers() override;
    bool setTrackedUser(const QString &userId, bool outdated) override;
    bool untrackUser(const QString &userId) override;

    std::optional<QJsonObject> roomEncryption(const QString &roomId) override;
    bool setRoomEncryption(const QString &roomId, const QJsonObject &content) override;
    QStringList encryptedRoomIds() override;

    bool addPendingDecryption(const PendingDecryption &pending) override;
    QStringList pendingDecryptions(const QString &roomId, const QString &senderKey, const QString &sessionId) override;
    bool removePendingDecryption(const QString &roomId, const QString &eventId) override;

    bool saveUnconfirmedSender(const UnconfirmedSender &unconfirmed) override;
    QList<UnconfirmedSender> unconfirmedSenders(const QString &sender, const QString &senderKey) override;
    QList<UnconfirmedSender> unconfirmedSendersAwaitingList(const QString &sender) override;
    bool removeUnconfirmedSender(const QString &roomId, const QString &eventId) override;

    // nullopt when the room or the event is not stored; replacing one that is not stored returns false.
    std::optional<QJsonObject> timelineEvent(const QString &roomId, const QString &eventId) override;
    bool replaceTimelineEvent(const QString &roomId, const QString &eventId, const QJsonObject &event) override;

    bool saveKeyRequest(const StoredKeyRequest &request) override;
    std::optional<StoredKeyRequest> keyRequestFor(const QString &roomId, const QString &senderKey,
                                                  const QString &sessionId) override;
    QList<StoredKeyRequest> keyRequests() override;
    bool removeKeyRequest(const QString &requestId) override;

    bool queueToDevice(const QueuedToDevice &message) override;
    QList<QueuedToDevice> queuedToDevice() override;
    bool removeQueuedToDevice(const QString &transactionId) override;
    bool addAwaitingOlmMessage(const AwaitingOlmMessage &message) override;
    QList<AwaitingOlmMessage> awaitingOlmMessages() override;
    bool setAwaitingNewSession(const QString &userId, const QString &deviceId, bool forceNewSession) override;
    bool removeAwaitingOlmMessages(const QString &userId, const QString &deviceId) override;

    QByteArray value(const QString &key) override;
    bool setValue(const QString &key, const QByteArray &value) override;

private:
    std::optional<qint64> roomKey(const QString &roomId);

    Database &m_db;
    OlmSessionTable m_olm;
    MegolmTable m_megolm;
    DeviceTable m_devices;
    CryptoMiscTable m_misc;
    RoomTable m_rooms;
    TimelineTable m_timeline;
    ToDeviceOutboxTable m_toDevice;
    UnconfirmedSenderTable m_unconfirmed;
};

} // namespace estafette
