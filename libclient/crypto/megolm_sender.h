#pragma once

// The sending side of room encryption (m.megolm.v1.aes-sha2): one outbound session per room, shared over Olm
// with every recipient device, and replaced (rotated) when it has encrypted rotation_period_msgs messages
// (default 100), is older than rotation_period_ms (default one week), or when a device that holds it is no
// longer a recipient (a member left, or removed a device). It survives restarts as it was: a restart alone
// never rotates it.

#include "crypto/crypto_result.h"
#include "crypto/crypto_store.h"

#include <QJsonObject>
#include <QList>

#include <functional>

namespace estafette {

class CryptoBackend;
class MegolmReceiver;

struct RotationSettings {
    qint64 periodMs = 7LL * 24 * 3600 * 1000;
    int periodMessages = 100;
    // From an m.room.encryption content (bounded to sane values).
    static RotationSettings fromEncryptionContent(const QJsonObject &content);
};

class MegolmSender {
public:
    using Clock = std::function<qint64()>;

    MegolmSender(CryptoBackend &backend, CryptoStore &store, MegolmReceiver &receiver, const QByteArray &pickleKey,
                 const QString &ownUserId, const QString &ownDeviceId, const QString &ownCurve25519,
                 const QString &ownEd25519, Clock clock);
    ~MegolmSender();

    struct Plan {
        QString sessionId;
        bool rotated = false;          // a new session was created for this plan
        QList<StoredDevice> needKey;   // recipients that don't have the session yet
    };
    // The room's session for these recipient devices, rotated when due (see above). Creating a session stores it
    // (and our own inbound copy) first. False on a backend or store failure.
    bool plan(const QString &roomId, const QList<StoredDevice> &recipients, const RotationSettings &settings,
              Plan *plan);
    // The m.room_key content for the room's current session (at its current index). Secret: don't keep it.
    CryptoResult<QJsonObject> roomKeyContent(const QString &roomId);
    // The key went out to these devices (after the to-device request succeeded).
    bool markShared(const QString &roomId, const QString &sessionId, const QList<StoredDevice> &devices);
    // The m.room.encrypted content for one room event. The session must have been planned and shared.
    CryptoResult<QJsonObject> encrypt(const QString &roomId, const QString &type, const QJsonObject &content);
    // Forgets the room's session: the next plan() creates a new one.
    bool discard(const QString &roomId);

private:
    bool create(const QString &roomId, StoredOutboundGroupSession *created);

    CryptoBackend &m_backend;
    CryptoStore &m_store;
    MegolmReceiver &m_receiver;
    QByteArray m_pickleKey;
    QString m_ownUserId;
    QString m_ownDeviceId;
    QString m_ownCurve25519;
    QString m_ownEd25519;
    Clock m_clock;
};

} // namespace estafette
