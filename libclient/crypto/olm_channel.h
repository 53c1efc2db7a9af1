#pragma once

// Device-to-device encryption (m.olm.v1.curve25519-aes-sha2, spec: "Olm"): to-device messages encrypted for one
// device with a pairwise session, and received ones decrypted with an existing session or a new inbound one.
// An inbound session is stored only once its pre-key message decrypted; every session is saved after each use
// (its ratchet moved). The plaintext's sender, recipient and keys are checked before anything in it is used.

#include "crypto/crypto_result.h"
#include "crypto/crypto_store.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace estafette {

class CryptoBackend;
class DeviceAccount;
class Event;

extern const QString kOlmAlgorithm; // m.olm.v1.curve25519-aes-sha2

// A to-device event once decrypted and checked.
struct OlmPlaintext {
    QString sender;          // the to-device event's sender (= plaintext "sender")
    QString senderKey;       // curve25519 of the sending device, proven by the Olm session
    QString claimedEd25519;  // plaintext keys.ed25519 (checked against the device when we know it)
    QString senderDevice;    // plaintext sender_device (may be empty with older clients)
    QString type;
    QJsonObject content;
};

struct OlmReceiveResult {
    enum class Status {
        Decrypted,
        NotForThisDevice,   // no ciphertext for our curve25519 key
        Undecryptable,      // no session could decrypt it (the channel may be wedged)
        Rejected,           // decrypted but the plaintext failed a check (recipient, sender, keys)
        Malformed,
    };
    Status status = Status::Malformed;
    OlmPlaintext plaintext;  // Decrypted
    QString senderKey;       // as claimed in the event (for unwedging)
    QString reason;          // for the log, never secret
};

class OlmChannel {
public:
    using Clock = std::function<qint64()>;

    OlmChannel(CryptoBackend &backend, CryptoStore &store, DeviceAccount &account, const QString &ownUserId,
               const QString &ownDeviceId, Clock clock);

    // One to-device m.room.encrypted event with algorithm m.olm.v1.curve25519-aes-sha2. Saves the session used
    // (and the account when a pre-key message consumed a one-time key). A store failure is reported as
    // Undecryptable with *storeFailed set.
    OlmReceiveResult receive(const Event &toDevice, bool *storeFailed);

    bool hasSession(const QString &theirIdentityKey) { return m_store.hasOlmSession(theirIdentityKey); }
    qint64 newestSessionCreatedMs(const QString &theirIdentityKey);
    // A new outbound session from a /keys/claim answer: `keyObject` is {key, signatures, fallback?}, checked
    // against the device's ed25519 key. It becomes the device's preferred session.
    CryptoStatus createSession(const StoredDevice &device, const QJsonObject &keyObject);
    // The m.room.encrypted content carrying {type, content} to `device`, with its preferred session.
    // SessionMismatch when there is no session with the device.
    CryptoResult<QJsonObject> encrypt(const StoredDevice &device, const QString &type, const QJsonObject &content);

private:
    bool saveSession(class OlmSession &session, const QString &theirKey, qint64 createdMs);
    bool checkPlaintext(const Event &toDevice, const QString &senderKey, const QByteArray &plaintext,
                        OlmReceiveResult *result);

    CryptoBackend &m_backend;
    CryptoStore &m_store;
    DeviceAccount &m_account;
    QString m_ownUserId;
    QString m_ownDeviceId;
    Clock m_clock;
};

} // namespace estafette
