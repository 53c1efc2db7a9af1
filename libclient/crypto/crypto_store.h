#pragma once

// What the end-to-end encryption machine keeps between runs, as an interface so the machine can be built and
// tested alone. Implemented over the account's SQLCipher database (store/sql_crypto_store.h). All calls are
// synchronous and happen on the one thread that owns the store; writes return false when they failed (the
// caller then rolls back the transaction it runs in). Nothing here is ever logged: pickles are secret.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace estafette {

// A pairwise Olm session with another device, keyed by (their curve25519 identity key, session id).
struct StoredOlmSession {
    QString theirIdentityKey;
    QString sessionId;
    QByteArray pickle;
    qint64 createdMs = 0;
    qint64 lastUsedMs = 0; // last successful encrypt or decrypt
};

// Someone's Megolm session as received (m.room_key) or imported (m.forwarded_room_key), keyed by
// (room id, sender's curve25519 key, session id).
struct StoredInboundGroupSession {
    QString roomId;
    QString senderKey;        // curve25519 of the device that created the session (per the Olm channel)
    QString sessionId;
    QByteArray pickle;
    QString claimedEd25519;   // the ed25519 key the sending device claimed in the Olm plaintext ("keys")
    std::uint32_t firstKnownIndex = 0;
    bool imported = false;    // from a forwarded key rather than directly from its creator
    QStringList forwardingChain; // curve25519 keys of the devices that forwarded it
};

// Our outbound Megolm session for one room, with who received it and at which index.
struct StoredOutboundGroupSession {
    QString roomId;
    QString sessionId;
    QByteArray pickle;
    qint64 createdMs = 0;
    int messageCount = 0;     // messages encrypted with it
    // user id -> device id -> message index at which the key was shared
    QMap<QString, QMap<QString, std::uint32_t>> sharedWith;
};

// A device of a user as published in /keys/query (signature already verified when stored).
struct StoredDevice {
    QString userId;
    QString deviceId;
    QString curve25519;
    QString ed25519;
    QString displayName;      // unsigned.device_display_name, may be empty
    QJsonObject deviceKeys;   // the signed device_keys object as received
};

// An m.room_key_request we sent for a session we could not decrypt.
struct StoredKeyRequest {
    QString requestId;
    QString roomId;
    QString senderKey;
    QString sessionId;
    bool sent = false;        // the request went out (a cancellation is due once the key arrives)
};

// A to-device message the machine wants sent (an Olm ciphertext for one device, or a plain event such as a key
// request cancellation), kept until the server accepted it. The transaction id never changes: sending the same
// body again with it is idempotent on the server, so a retry never delivers it twice, and an Olm ciphertext is
// sent as it was encrypted (its session's ratchet moved once, when it was made).
struct QueuedToDevice {
    QString transactionId;
    QString eventType;        // the type in PUT /sendToDevice/{eventType}/{txnId}
    QJsonObject messages;     // {user: {device or "*": content}}
    qint64 queuedMs = 0;
};

// A message for a device we have no Olm session with yet (or whose session broke: forceNewSession), encrypted
// and queued as a QueuedToDevice once a claimed key opened one. A forwarded room key is kept without its
// "session_key" (exported again from the session when it is sent): no room key lies in the store outside the
// sessions' pickles.
struct AwaitingOlmMessage {
    QString userId;
    QString deviceId;
    QString type;             // m.forwarded_room_key, m.dummy
    QJsonObject content;
    bool forceNewSession = false;
};

// A decrypted event whose Megolm session's device was not among the devices we knew of its sender when it was
// judged ("unknown device", or "mismatch" without a device): judged again when that sender's device list changes.
struct UnconfirmedSender {
    QString roomId;
    QString eventId;
    QString sender;           // the event's sender
    QString senderKey;        // curve25519 of the session's device
    bool listKnown = false;   // the sender's device list was current then (judged a mismatch)
};

// An event that could not be decrypted yet: retried when a key for its session arrives.
struct PendingDecryption {
    QString roomId;
    QString senderKey;
    QString sessionId;
    QString eventId;
};

class CryptoStore {
public:
    virtual ~CryptoStore() = default;

    // Olm sessions with one device, most recently used first.
    virtual QList<StoredOlmSession> olmSessions(const QString &theirIdentityKey) = 0;
    // Insert or replace (same key and session id).
    virtual bool saveOlmSession(const StoredOlmSession &session) = 0;
    // Whether there is any session with that device (without reading the sessions).
    virtual bool hasOlmSession(const QString &theirIdentityKey) = 0;
    // Keeps only the `keep` most recently used sessions with one device (the order of olmSessions()).
    virtual bool keepNewestOlmSessions(const QString &theirIdentityKey, int keep) = 0;

    virtual std::optional<StoredInboundGroupSession> inboundGroupSession(const QString &roomId,
                                                                         const QString &senderKey,
                                                                         const QString &sessionId) = 0;
    virtual bool saveInboundGroupSession(const StoredInboundGroupSession &session) = 0;
    // Every inbound session of a room (for answering key requests and diagnostics).
    virtual QList<StoredInboundGroupSession> inboundGroupSessions(const QString &roomId) = 0;

    virtual std::optional<StoredOutboundGroupSession> outboundGroupSession(const QString &roomId) = 0;
    virtual bool saveOutboundGroupSession(const StoredOutboundGroupSession &session) = 0;
    virtual bool removeOutboundGroupSession(const QString &roomId) = 0;

    // Replay detection: the event id first seen at (sender key, session id, message index); empty when none.
    virtual QString megolmIndexEvent(const QString &senderKey, const QString &sessionId, std::uint32_t index) = 0;
    virtual bool recordMegolmIndex(const QString &senderKey, const QString &sessionId, std::uint32_t index,
                                   const QString &eventId) = 0;

    // Device lists. replaceDevices() makes `devices` the whole known list of `userId`.
    virtual QList<StoredDevice> devices(const QString &userId) = 0;
    virtual bool replaceDevices(const QString &userId, const QList<StoredDevice> &devices) = 0;
    virtual std::optional<StoredDevice> deviceByCurveKey(const QString &curve25519) = 0;

    // Users whose devices we track (members of encrypted rooms we share), with their outdated flag.
    virtual QMap<QString, bool> trackedUsers() = 0;
    virtual bool setTrackedUser(const QString &userId, bool outdated) = 0;
    virtual bool untrackUser(const QString &userId) = 0; // also forgets its devices

    // Rooms known to be encrypted: the m.room.encryption content (never removed once set).
    virtual std::optional<QJsonObject> roomEncryption(const QString &roomId) = 0;
    virtual bool setRoomEncryption(const QString &roomId, const QJsonObject &content) = 0;
    virtual QStringList encryptedRoomIds() = 0;

    virtual bool addPendingDecryption(const PendingDecryption &pending) = 0;
    // Event ids waiting for this session, oldest first.
    virtual QStringList pendingDecryptions(const QString &roomId, const QString &senderKey,
                                           const QString &sessionId) = 0;
    virtual bool removePendingDecryption(const QString &roomId, const QString &eventId) = 0;

    // Events whose sender is not confirmed yet, per sender (and session device): insert or replace by event.
    virtual bool saveUnconfirmedSender(const UnconfirmedSender &unconfirmed) = 0;
    virtual QList<UnconfirmedSender> unconfirmedSenders(const QString &sender, const QString &senderKey) = 0;
    // Those of `sender` judged while the sender's device list was not known (listKnown false).
    virtual QList<UnconfirmedSender> unconfirmedSendersAwaitingList(const QString &sender) = 0;
    virtual bool removeUnconfirmedSender(const QString &roomId, const QString &eventId) = 0;

    // A stored timeline event (as stored: encrypted, or decrypted already) and its replacement in place.
    virtual std::optional<QJsonObject> timelineEvent(const QString &roomId, const QString &eventId) = 0;
    virtual bool replaceTimelineEvent(const QString &roomId, const QString &eventId, const QJsonObject &event) = 0;

    virtual bool saveKeyRequest(const StoredKeyRequest &request) = 0; // insert or replace by request id
    virtual std::optional<StoredKeyRequest> keyRequestFor(const QString &roomId, const QString &senderKey,
                                                          const QString &sessionId) = 0;
    virtual QList<StoredKeyRequest> keyRequests() = 0; // all, oldest first
    virtual bool removeKeyRequest(const QString &requestId) = 0;

    // To-device messages not yet accepted by the server, oldest first (schema 5). Queued in the transaction of the
    // change that made them; removed once the server answered 200.
    virtual bool queueToDevice(const QueuedToDevice &message) = 0;
    virtual QList<QueuedToDevice> queuedToDevice() = 0;
    virtual bool removeQueuedToDevice(const QString &transactionId) = 0;
    // Messages waiting for an Olm session with their device (schema 5), oldest first.
    virtual bool addAwaitingOlmMessage(const AwaitingOlmMessage &message) = 0;
    virtual QList<AwaitingOlmMessage> awaitingOlmMessages() = 0;
    virtual bool setAwaitingNewSession(const QString &userId, const QString &deviceId, bool forceNewSession) = 0;
    virtual bool removeAwaitingOlmMessages(const QString &userId, const QString &deviceId) = 0;

    // Small named values ("device_lists_since", ...); empty when unset.
    virtual QByteArray value(const QString &key) = 0;
    virtual bool setValue(const QString &key, const QByteArray &value) = 0;
};

// The device of `userId` with this curve25519 key. Keys are only ever judged against the claimed user's own
// devices: anyone can publish a copy of someone else's public key.
inline std::optional<StoredDevice> deviceWithCurveKey(CryptoStore &store, const QString &userId,
                                                      const QString &curve25519)
{
    for (const StoredDevice &d : store.devices(userId)) {
        if (d.curve25519 == curve25519)
            return d;
    }
    return std::nullopt;
}

} // namespace estafette

Q_DECLARE_METATYPE(estafette::StoredDevice)
