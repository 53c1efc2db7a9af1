#pragma once

// End-to-end encryption for a signed-in account, on the GUI thread: it starts the CryptoMachine on the store
// thread, sends the requests the machine asks for (key uploads, device queries, key claims, to-device messages)
// and reports their answers back, and encrypts outgoing room events for the outbox (RoomEncryptor): members
// loaded once per room, device lists brought up to date, the room key shared, then the event encrypted.

#include "crypto/crypto_machine.h"
#include "net/matrix_error.h"
#include "rooms/room_encryptor.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QTimer;

namespace estafette {

class KeysApi;
class RoomApi;
class RoomList;
class StoreBridge;

class CryptoSession : public QObject, public RoomEncryptor {
    Q_OBJECT
public:
    CryptoSession(StoreBridge *store, KeysApi *keys, RoomApi *rooms, RoomList *roomList, const QString &userId,
                  const QString &deviceId, QObject *parent = nullptr);
    ~CryptoSession() override;

    // Restores or creates the device's identity; must be called before the first sync response is stored.
    void start();
    bool isStarted() const { return m_started; }
    IdentityKeys identityKeys() const { return m_identity; }
    QString deviceId() const { return m_deviceId; }
    bool deviceKeysPublished() const { return m_deviceKeysPublished; }
    // One-time keys kept on the server (half of what the account holds).
    int oneTimeKeyTarget() const { return m_oneTimeKeyTarget; }

    // Sends whatever the machine needs now (after each stored sync response, and after each answer; after a
    // failed request only once a backoff of 1 s doubling to 30 s has passed).
    void pump();
    // A sync just succeeded, so the server answers again: the wait after a failed request is cut short.
    void syncSucceeded();

    // Whether a failed request is kept to be sent again (Retry) or dropped as refused for good: only a Matrix error
    // body with a 4xx that is not a rate limit or a token problem is a refusal.
    static CryptoMachine::Failure failureOf(const MatrixError &error);

    // RoomEncryptor
    void encrypt(const QString &roomId, const QString &type, const QJsonObject &content,
                 std::function<void(const Result &)> done) override;
    bool remembersEncryption(const QString &roomId) const override;

    // Our own device asked for room keys (ownDeviceWantsKeys): the person's answer. Approving shares the keys it
    // asked for, and later ones (until the device's key changes); ignoring drops its requests.
    void approveOwnDevice(const QString &deviceId);
    void ignoreOwnDevice(const QString &deviceId);

    // The devices of a user as the server last listed them (queried first when the user was not followed yet or
    // is outdated). Our own device is listed among our user's devices.
    void devices(const QString &userId, std::function<void(const QList<StoredDevice> &)> done);

signals:
    void started();
    void failed(const QString &reason);
    void deviceKeysUploaded();
    // After each successful upload of one-time and/or fallback keys, with the server's count afterwards.
    void keysUploaded(int oneTimeKeys, bool fallbackKey, int serverOneTimeKeyCount);
    // Every answered (or failed) request; for diagnostics and tests.
    void requestFinished(int kind, bool ok);
    void roomKeyShared(const QString &roomId, int devices);
    // One of our own devices asks for the keys of messages it can't read; nothing is shared before the person
    // approves it (anyone with the password, or the server's administrator, could have added that device).
    void ownDeviceWantsKeys(const estafette::StoredDevice &device);

private:
    struct Flow {
        QString roomId;
        QString type;
        QJsonObject content;
        std::function<void(const Result &)> done;
        bool waiting = false;
        bool untilStarted = false; // asked for while start() was still restoring the device
    };
    void send(const CryptoRequest &request, std::function<void(bool ok, const QJsonObject &response,
                                                              const MatrixError &error)> done);
    void report(const CryptoRequest &request, bool ok, const QJsonObject &response, const MatrixError &error);
    void startFlow(int flow);
    void step(int flow);
    void finishFlow(int flow, const Result &result);
    void resumeWaitingFlows();
    void finishFlowsAwaitingStart(bool started); // started them, or failed them when the device did not start

    StoreBridge *m_store;
    KeysApi *m_keys;
    RoomApi *m_rooms;
    RoomList *m_roomList;
    QString m_userId;
    QString m_deviceId;
    bool m_started = false;
    bool m_starting = false; // start() called, its answer not in yet
    QTimer *m_backoff;         // running after a failed request: nothing is handed out until it fires
    int m_failuresInARow = 0;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    IdentityKeys m_identity;
    bool m_deviceKeysPublished = false;
    int m_oneTimeKeyTarget = 0;
    int m_nextFlow = 1;
    QHash<int, Flow> m_flows;
    QSet<QString> m_membersLoaded;  // rooms whose full member list was fetched this session
    QSet<QString> m_encryptedRooms; // every room seen encrypted, in the store or since start
};

} // namespace estafette
