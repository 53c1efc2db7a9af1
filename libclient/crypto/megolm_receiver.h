#pragma once

// The receiving side of room encryption (m.megolm.v1.aes-sha2): inbound sessions from m.room_key (and
// forwarded keys), stored with their first known index (a key never replaces one that starts earlier); room
// events decrypted with them, with replay detection (one event per session and index) and a judgement of the
// sender (is the session's device one of the sender's?). Events that can't be decrypted yet are remembered and
// decrypted in place when their key arrives; decrypted events whose sender's device was not known are remembered
// too (UnconfirmedSender) and judged again, in place, when that sender's device list changes.

#include "crypto/crypto_store.h"
#include "events/event.h"
#include "events/event_encryption.h"

#include <QHash>
#include <QList>
#include <QMap>

#include <unordered_map>

#include <functional>
#include <memory>

namespace estafette {

class CryptoBackend;
class MegolmInboundSession;
struct OlmPlaintext;

extern const QString kMegolmAlgorithm; // m.megolm.v1.aes-sha2

class MegolmReceiver {
public:
    MegolmReceiver(CryptoBackend &backend, CryptoStore &store, const QByteArray &pickleKey);
    ~MegolmReceiver();

    // Whether a user's device list is known and up to date (a sender whose list is not gets UnknownDevice rather
    // than Mismatch for a session device we don't know).
    void setDeviceListCurrent(std::function<bool(const QString &userId)> current) { m_listCurrent = std::move(current); }

    // An m.room_key received over Olm. Returns false only on a store failure; *added tells whether a session
    // was stored (new, or better than the one we had).
    bool addRoomKey(const OlmPlaintext &key, bool *added, StoredInboundGroupSession *session);
    // An m.forwarded_room_key (the caller checked we asked for it and who sent it).
    bool addForwardedRoomKey(const OlmPlaintext &key, bool *added, StoredInboundGroupSession *session);
    // Our own outbound session, so we can read our own messages.
    bool addOwnSession(const QString &roomId, const QString &ownCurve25519, const QString &ownEd25519,
                       const QString &sessionId, const QByteArray &sessionKey);

    // Device lookups by curve25519 key are remembered between calls (a sync holds many events of few devices);
    // forget them whenever device lists may have changed.
    void forgetDevices() { m_devices.clear(); }

    // Decrypts one m.room.encrypted room event of `roomId`: the decrypted event, or the event marked with the
    // reason. A missing key makes it pending. *storeFailed on a store failure.
    Event decrypt(const QString &roomId, const Event &encrypted, bool *storeFailed);
    // Stored events of the session that were waiting for its key, decrypted now and replaced in the store.
    QList<Event> retryPending(const QString &roomId, const QString &senderKey, const QString &sessionId,
                              bool *storeFailed);

    // After a /keys/query of `userId`: their stored events whose sender was not confirmed are judged again
    // against the devices known now (a device found with the session's keys: known; found with other keys, or
    // missing from a list that is now current: mismatch). Events whose verdict changed are replaced in the store
    // and appended per room to *changed. False on a store failure.
    bool reviewSender(const QString &userId, QMap<QString, QList<Event>> *changed);

    // The session exported from its first known index, for answering a key request.
    std::optional<QJsonObject> forwardedKeyContent(const QString &roomId, const QString &senderKey,
                                                   const QString &sessionId);

private:
    struct Verdict {
        SenderTrust trust = SenderTrust::UnknownDevice;
        QString deviceId; // the sender's device, when it matches
        bool final = false; // what a later device list can't change (the device is known, or the key forwarded)
    };
    // How far an event of `sender` encrypted with `session` is established, with the device lists as they are.
    Verdict judge(const QString &sender, const StoredInboundGroupSession &session);
    bool store(StoredInboundGroupSession session, MegolmInboundSession &object, bool *added);
    // Whether `candidate`, from the first index `existing` knows, is the same session.
    bool sameRatchet(const StoredInboundGroupSession &existing, MegolmInboundSession &candidate);
    struct Cached {
        StoredInboundGroupSession meta; // without its pickle
        std::unique_ptr<MegolmInboundSession> object;
    };
    // The session from the cache, else from the store (nullptr when not stored or not readable).
    const Cached *cached(const QString &roomId, const QString &senderKey, const QString &sessionId);

    CryptoBackend &m_backend;
    CryptoStore &m_store;
    QByteArray m_pickleKey;
    std::function<bool(const QString &)> m_listCurrent;
    // Unpickled sessions, by room|sender key|session id (a few dozen at most; cleared when large).
    std::unordered_map<QString, Cached> m_cache; // by room|sender key|session id; cleared when large
    QHash<QString, std::optional<StoredDevice>> m_devices; // curve25519 -> device (see forgetDevices())
};

} // namespace estafette
