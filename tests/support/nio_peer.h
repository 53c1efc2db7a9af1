#pragma once

#include "support/synapse_fixture.h"

#include <QJsonArray>
#include <QJsonObject>
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
    bool waitForInvite(const QString &roomId, int timeoutMs = 30000);

private:
    QProcess m_process;
    QByteArray m_buffer;
    int m_nextId = 1;
};

} // namespace estafette::test
