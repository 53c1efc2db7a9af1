#pragma once

// End-to-end encryption for one device, without I/O ("sans-IO"): it lives on the store thread, reads and writes
// the CryptoStore synchronously (inside the caller's transactions), and says which requests it needs sent
// (CryptoRequest); the caller sends them and reports their answers. Parts, each in its own file:
//   DeviceAccount  our identity keys, one-time and fallback keys
//   DeviceTracker  who has which devices (/keys/query, device_lists)
//   OlmChannel     to-device encryption with pairwise Olm sessions
//   MegolmSender   our room sessions, their sharing and rotation
//   MegolmReceiver others' room sessions, decryption, replay detection, pending events
//   RoomKeyRequests asking our devices for keys we miss, answering theirs
// The machine routes to-device messages (room keys, forwarded keys, key requests), decrypts timelines, answers
// key requests from our own devices, asks for keys we miss, and unwedges broken Olm channels.

#include "crypto/crypto_request.h"
#include "crypto/crypto_result.h"
#include "crypto/crypto_store.h"
#include "crypto/crypto_types.h"
#include "crypto/device_account.h"
#include "events/event.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace estafette {

class CryptoBackend;
class DeviceTracker;
class MegolmReceiver;
class MegolmSender;
class OlmChannel;
class RoomKeyRequests;
struct OlmPlaintext;
struct SyncDelta;

class CryptoMachine {
public:
    using Clock = std::function<qint64()>;

    CryptoMachine(CryptoBackend &backend, CryptoStore &store, DeviceAccount::Save saveAccount,
                  const QString &userId, const QString &deviceId, Clock clock = {});
    ~CryptoMachine();

    // Restores (or creates and saves) the Olm account and the tracked users. `syncToken` is the stored since
    // token: when device lists were last brought up to date at another token, /keys/changes is asked for.
    bool start(const std::optional<StoredCryptoAccount> &account, const QString &syncToken, QString *error);
    IdentityKeys identityKeys() const;
    QString userId() const { return m_userId; }
    QString deviceId() const { return m_deviceId; }
    DeviceAccount &account() { return *m_account; }

    // --- incoming: one sync response, before it is stored (same transaction) ---
    // Handles to-device messages and device list changes, learns which rooms are encrypted and who is in them,
    // replaces the timeline's m.room.encrypted events by their decrypted form (or marks why they can't be), and
    // decrypts stored events whose key just arrived (replaced in the store; returned per room in *redecrypted).
    // False on a store failure (the caller rolls back).
    bool receiveSync(SyncDelta &delta, QMap<QString, QList<Event>> *redecrypted);
    // Events of a /messages page (decrypted in place).
    bool decryptEvents(const QString &roomId, QList<Event> &events);

    // --- requests ---
    // What is due now: a keys upload, a keys query for outdated users, a claim for devices we must reach, queued
    // to-device messages. Each is handed out once; at most one upload, one query and one claim are in flight.
    // To-device messages are queued in the store (in the transaction of the change that made them) and handed
    // out again, with the same transaction id and body, until the server accepted them: after a failure, and
    // after a restart.
    QList<CryptoRequest> outgoingRequests();
    // The answer to a request (from outgoingRequests() or nextShareStep()). False on a store failure.
    // A /keys/query answer also judges again the stored events of the queried users whose sender was not
    // confirmed (their device was not known): those whose verdict changed are replaced in the store, in the
    // caller's transaction, and returned per room in *rejudged (for the timelines on screen).
    bool requestSucceeded(const CryptoRequest &request, const QJsonObject &response,
                          QMap<QString, QList<Event>> *rejudged = nullptr);
    // Retry: the request may go again (network, server error, rate limit, cancelled). Refused: the server refused
    // it for good (a 4xx other than rate limiting or an invalid token): a queued to-device message is dropped
    // instead of being sent again and again.
    enum class Failure { Retry, Refused };
    void requestFailed(const CryptoRequest &request, Failure failure = Failure::Retry);
    bool queryInFlight() const { return !m_queryInFlight.isEmpty(); }

    // --- sending into an encrypted room ---
    bool isRoomEncrypted(const QString &roomId);
    // Every room ever seen encrypted (encryption is never turned off).
    QStringList encryptedRooms() { return m_store.encryptedRoomIds(); }
    struct ShareStep {
        enum class Kind { Ready, Send, Wait, Failed };
        Kind kind = Kind::Failed;
        CryptoRequest request; // Send
        QString error;         // Failed
    };
    // The next step to share the room's key with the devices of `recipients` (joined members, plus invited ones
    // when the history visibility allows): query outdated device lists, claim keys for devices without an Olm
    // session, rotate the room session when due, and send it over Olm to devices that don't have it. Wait when a
    // query or claim of someone else is in flight; Ready when every reachable device has the key.
    ShareStep nextShareStep(const QString &roomId, const QStringList &recipients);
    // The m.room.encrypted content of one event (after nextShareStep() said Ready).
    CryptoResult<QJsonObject> encryptRoomEvent(const QString &roomId, const QString &type,
                                               const QJsonObject &content);

    // Our own devices asking for room keys that the person has not approved yet, each reported once; and the
    // person's answer (approval is kept, bound to the device's ed25519 key). False on a store failure.
    QList<StoredDevice> takeDevicesAwaitingApproval();
    bool approveOwnDevice(const QString &deviceId);
    void ignoreOwnDevice(const QString &deviceId);

    QList<StoredDevice> devices(const QString &userId);
    // Follows these users' devices from now on (new ones are queried with the next outgoing requests).
    bool trackUsers(const QStringList &users);
    // Tracked and not outdated: devices(userId) is what the server last said.
    bool isDeviceListCurrent(const QString &userId) const;
    QStringList trackedUsers() const;

private:
    bool handleAnswer(const CryptoRequest &request, const QJsonObject &response, QMap<QString, QList<Event>> *rejudged);
    void handleToDevice(const Event &event, QList<std::tuple<QString, QString, QString>> *arrived, bool *failed);
    void unwedge(const QString &sender, const QString &senderKey, bool mayQuery);
    void sendEncrypted(const StoredDevice &device, const QString &type, const QJsonObject &content);
    // For a device without a usable Olm session: kept (memory and store) until a claimed key opens one.
    void await(const StoredDevice &device, const QString &type, const QJsonObject &content, bool forceNewSession);
    void loadAwaiting(); // at start, from the store
    // Into the store's to-device outbox; a store failure makes the calling entry point fail (its transaction is
    // rolled back).
    void queueToDevice(const QString &type, const QJsonObject &messages);
    void deliverAwaitingSessions();
    bool applyClaim(const QJsonObject &response);
    std::optional<StoredDevice> findDevice(const QString &userId, const QString &deviceId);
    QList<StoredDevice> recipientDevices(const QStringList &users);
    // Outdated users among `among` (all when empty) that may be queried now: not after a recent failure.
    QStringList usersToQuery(const QStringList &among = {});
    CryptoRequest keysQuery(const QStringList &users);
    // A device without an Olm session whose keys were not claimed in vain lately.
    bool mayClaim(const StoredDevice &device) const;
    // One /keys/claim for these devices (the attempt is remembered for each).
    CryptoRequest keysClaim(const QList<StoredDevice> &devices);

    CryptoBackend &m_backend;
    CryptoStore &m_store;
    QString m_userId;
    QString m_deviceId;
    Clock m_clock;
    std::unique_ptr<DeviceAccount> m_account;
    std::unique_ptr<DeviceTracker> m_tracker;
    std::unique_ptr<OlmChannel> m_olm;
    std::unique_ptr<MegolmReceiver> m_receiver;
    std::unique_ptr<MegolmSender> m_sender;
    std::unique_ptr<RoomKeyRequests> m_keyRequests;

    int m_nextRequest = 1;
    std::optional<CryptoRequest> m_pendingChanges;   // /keys/changes due at start
    QString m_uploadInFlight;
    QString m_queryInFlight;
    QString m_claimInFlight;
    QSet<QString> m_toDeviceInFlight;                // queued to-device messages handed out, not answered yet
    bool m_queueFailed = false;                      // a to-device message could not be queued
    struct Share {
        QString roomId;
        QString sessionId;
        QList<StoredDevice> devices;
    };
    QHash<QString, Share> m_shares;                  // to-device request id -> room key share
    // Messages for devices we have no Olm session with yet: claimed, then sent (kept in the store as well).
    struct Awaiting {
        StoredDevice device;
        QList<QPair<QString, QJsonObject>> messages; // type, content
        bool forceNewSession = false;
    };
    QHash<QString, Awaiting> m_awaiting;             // user|device -> messages
    QHash<QString, qint64> m_claimAttemptMs;         // user|device -> last claim that gave no key
    QHash<QString, qint64> m_queryFailedMs;          // user -> when a query of their devices last failed
    QHash<QString, QString> m_wedgedUnknown;         // curve25519 -> sender, for a device not known yet
    QHash<QString, qint64> m_unwedgedMs;             // curve25519 -> when we last started a new session
};

} // namespace estafette
