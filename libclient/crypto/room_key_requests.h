#pragma once

// Room key requests (spec: "Key requests", m.room_key_request): for a Megolm session we miss, a request goes to
// all our own devices, and is cancelled once the key came; requests from our own other devices are answered with
// an m.forwarded_room_key over Olm when we have the session, but only for devices the person approved (bound to
// the device's ed25519 key): anyone holding the password, or the server's administrator, can add a device to the
// account, and must not get the history's keys by asking. Requests of other users are not answered.

#include "crypto/crypto_request.h"
#include "crypto/crypto_store.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>

#include <functional>

namespace estafette {

class DeviceTracker;
class MegolmReceiver;

class RoomKeyRequests {
public:
    // Sends an event over Olm to one device (after claiming a session when there is none).
    using SendEncrypted = std::function<void(const StoredDevice &device, const QString &type, const QJsonObject &content)>;
    // Queues a plain to-device event: {user: {device or "*": content}}.
    using QueueToDevice = std::function<void(const QString &type, const QJsonObject &messages)>;

    RoomKeyRequests(CryptoStore &store, MegolmReceiver &receiver, DeviceTracker &tracker, const QString &ownUserId,
                    const QString &ownDeviceId, SendEncrypted sendEncrypted, QueueToDevice queueToDevice);

    // A session we can't decrypt: asks for it (once). False on a store failure.
    bool request(const QString &roomId, const QString &senderKey, const QString &sessionId);
    // Its key arrived and nothing of the session waits any more: the request ends (cancelled at our devices when
    // it went out). False on a store failure.
    bool keyArrived(const QString &roomId, const QString &senderKey, const QString &sessionId);
    // Requests not sent yet, each handed out once, as to-device requests to all our devices.
    QList<CryptoRequest> unsent();
    bool carries(const QString &toDeviceRequestId) const { return m_inFlight.contains(toDeviceRequestId); }
    // The to-device request went out. False on a store failure.
    bool sent(const QString &toDeviceRequestId);
    void failed(const QString &toDeviceRequestId) { m_inFlight.remove(toDeviceRequestId); } // handed out again

    // An m.room_key_request to-device event we received.
    void handle(const QString &sender, const QJsonObject &content);
    // Our device list was refreshed: requests from devices we did not know are answered now.
    void ownDevicesQueried();

    // Our devices whose requests wait for the person's approval, each reported once.
    QList<StoredDevice> takeDevicesAwaitingApproval();
    // The person approved the device: its waiting requests are answered, and its later ones too. False on a store
    // failure (or when the device is not known).
    bool approve(const QString &deviceId);
    // The person refused: its waiting requests are dropped (it may ask again later).
    void ignore(const QString &deviceId);
    bool isApproved(const StoredDevice &device);

private:
    QJsonObject cancellation(const QString &requestId) const;

    CryptoStore &m_store;
    MegolmReceiver &m_receiver;
    DeviceTracker &m_tracker;
    QString m_userId;
    QString m_deviceId;
    SendEncrypted m_sendEncrypted;
    QueueToDevice m_queueToDevice;
    QHash<QString, QString> m_inFlight;              // to-device request id -> the key request it carries
    QList<QPair<QString, QJsonObject>> m_waiting;    // requests of own devices we don't know yet: device, content
    QList<QPair<QString, QJsonObject>> m_unapproved; // requests of own devices not approved yet: device, content
    QList<StoredDevice> m_toReport;                  // devices awaiting approval, not reported yet
    QSet<QString> m_asked;                           // devices reported and not answered yet
};

} // namespace estafette
