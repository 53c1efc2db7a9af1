#pragma once

#include "support/synapse_fixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>

namespace estafette::test {

// A real, independent Matrix client (matrix-nio) in a Python process, driven over stdin/stdout with one
// JSON object per line: {"id": n, "cmd": "...", ...} -> {"id": n, "ok": true, ...} or {"ok": false, "error": "..."}.
// It logs in as `user` and keeps syncing in the background.
class NioPeer : public QObject {
    Q_OBJECT
public:
    explicit NioPeer(QObject *parent = nullptr);
    ~NioPeer() override; // stops the process

    bool start(const TestServer &server, const TestUser &user, QString *error);
    void stop();

    // Sends one command and waits (with a local event loop) for its answer. On timeout or process death
    // returns {"ok": false, "error": "..."}.
    QJsonObject command(const QString &cmd, QJsonObject args = {}, int timeoutMs = 30000);

    // Conveniences over command(); empty string / false on failure.
    QString createRoom(const QString &name, const QStringList &invite = {}, bool direct = false);
    bool invite(const QString &roomId, const QString &userId);
    bool join(const QString &roomId);
    QString sendText(const QString &roomId, const QString &body);
    // Waits until a m.room.message with this body from `sender` (any sender when empty) was received.
    bool waitForMessage(const QString &roomId, const QString &body, const QString &sender = {}, int timeoutMs = 30000);
    // Messages received so far in the room, in order: [{"event_id", "sender", "body"}...]
    QJsonArray messages(const QString &roomId);
    // The m.room.message events received so far in the room from `sender` whose body is `body` (decrypted ones
    // included), whole: {"event_id", "sender", "type", "encrypted", "content", ...} as nio_peer.py's "events".
    QList<QJsonObject> messageEvents(const QString &roomId, const QString &sender, const QString &body);
    bool waitForInvite(const QString &roomId, int timeoutMs = 30000);

    // Who this peer is, from its login: every start() is a new device, so two peers started with the same
    // TestUser are two devices of that user (distinct device ids, separate nio stores).
    QString userId() const { return m_login.value(QStringLiteral("user_id")).toString(); }
    QString deviceId() const { return m_login.value(QStringLiteral("device_id")).toString(); }
    QString curve25519() const { return m_login.value(QStringLiteral("curve25519")).toString(); }
    QString ed25519() const { return m_login.value(QStringLiteral("ed25519")).toString(); }

    // End-to-end encryption (see nio_peer.py for the exact answers). Empty string / object or false on failure.
    // A room with m.room.encryption (Megolm) in its initial state; sendText() in it encrypts for every device
    // of every joined and invited member, unverified ones included.
    QString createEncryptedRoom(const QString &name, const QStringList &invite = {});
    bool setHistoryVisibility(const QString &roomId, const QString &visibility);
    // Waits for an m.room.message with this body that arrived encrypted and was decrypted (an event the peer
    // could not decrypt never matches; it is retried when its key arrives later). The answer:
    // {"event_id", "sender", "body", "session_id", "sender_key", "verified", "content", "nio_class", "bad"}
    // (nio_class: which of nio's event classes it parsed as, e.g. RoomEncryptedImage; bad: nio could not parse it).
    QJsonObject waitForDecrypted(const QString &roomId, const QString &body, const QString &sender = {},
                                 int timeoutMs = 30000);
    // What the peer saw for one event: {"type", "encrypted", "decrypted", "session_id", "sender_key",
    // "device_id", "body"?, "content", "nio_class", "bad", ...}; waits up to timeoutMs for the event to arrive.
    QJsonObject eventInfo(const QString &roomId, const QString &eventId, int timeoutMs = 30000);
    // The id of the peer's current outbound Megolm session in the room (empty when none).
    QString outboundSessionId(const QString &roomId);
    // The m.room.encrypted content of {type, content, room_id} encrypted with the peer's current outbound
    // Megolm session of the room (the peer must have sent there first), not sent.
    QJsonObject forgeMegolm(const QString &roomId, const QString &type, const QJsonObject &content);
    // PUT /rooms/{room}/send/{type}/{txn} with exactly this content (never encrypted): the event id.
    QString sendRaw(const QString &roomId, const QString &type, const QJsonObject &content);
    // The devices of userId in the peer's device store after a key query:
    // {device_id: {"curve25519", "ed25519", "display_name", "verified", "ignored", "blacklisted"}}.
    QJsonObject devices(const QString &userId);
    // Marks a device verified in the peer's own store (nio then accepts and answers its key forwards).
    bool trustDevice(const QString &userId, const QString &deviceId);
    // Media (see nio_peer.py send_file / download). sendFile uploads `path` (and `args["thumbnail_path"]` if
    // given) encrypted by nio when the room is encrypted, and sends the m.room.message: {"event_id", "content"}.
    // `args` may add body, filename, info, thumbnail_path, thumbnail_mimetype, thumbnail_info, tamper_hash.
    QJsonObject sendFile(const QString &roomId, const QString &path, const QString &msgtype, const QString &mimetype,
                         QJsonObject args = {});
    // Downloads an mxc URI (decrypting it with `file` when given): {"size", "sha256" (hex), "content_type"}, or
    // {"ok": false, "error"} when the download or the decryption was refused.
    QJsonObject download(const QString &mxc, const QJsonObject &file = {}, const QString &outPath = {});
    // Logs this device out on the server (the server deletes it and its keys); the process then exits.
    bool logout();

private:
    QProcess m_process;
    QByteArray m_buffer;
    int m_nextId = 1;
    QJsonObject m_login;
};

} // namespace estafette::test
