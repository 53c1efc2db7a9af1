#include "support/nio_peer.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QTimer>

namespace estafette::test {

namespace {

QJsonObject failure(const QString &message)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
}

bool ok(const QJsonObject &answer)
{
    if (answer.value(QStringLiteral("ok")).toBool())
        return true;
    qWarning("nio peer: %s", qPrintable(answer.value(QStringLiteral("error")).toString()));
    return false;
}

} // namespace

NioPeer::NioPeer(QObject *parent)
    : QObject(parent)
{
    // The peer's logs (stderr) go straight to the test's output; stdout carries the JSON protocol only.
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setReadChannel(QProcess::StandardOutput);
}

NioPeer::~NioPeer()
{
    stop();
}

bool NioPeer::start(const TestServer &server, const TestUser &user, QString *error)
{
    const QString python = qEnvironmentVariable("ESTAFETTE_PYTHON");
    const QString supportDir = qEnvironmentVariable("ESTAFETTE_TEST_SUPPORT_DIR");
    if (python.isEmpty() || supportDir.isEmpty()) {
        if (error)
            *error = QStringLiteral("ESTAFETTE_PYTHON and ESTAFETTE_TEST_SUPPORT_DIR must be set (run through ctest)");
        return false;
    }
    m_process.start(python, {QDir(supportDir).filePath(QStringLiteral("nio_peer.py"))});
    if (!m_process.waitForStarted(10000)) {
        if (error)
            *error = QStringLiteral("cannot start %1: %2").arg(python, m_process.errorString());
        return false;
    }
    const QJsonObject answer = command(QStringLiteral("login"),
                                       {{QStringLiteral("homeserver"), server.baseUrl.toString()},
                                        {QStringLiteral("user_id"), user.userId},
                                        {QStringLiteral("password"), user.password}},
                                       60000);
    m_login = answer;
    if (!answer.value(QStringLiteral("ok")).toBool()) {
        if (error)
            *error = QStringLiteral("nio peer login as %1: %2")
                         .arg(user.userId, answer.value(QStringLiteral("error")).toString());
        stop();
        return false;
    }
    return true;
}

void NioPeer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_process.state() == QProcess::Running) {
        m_process.write(QByteArrayLiteral("{\"cmd\":\"quit\",\"id\":0}\n"));
        m_process.closeWriteChannel();
        if (m_process.waitForFinished(5000))
            return;
        m_process.terminate();
        if (m_process.waitForFinished(3000))
            return;
    }
    m_process.kill();
    m_process.waitForFinished(3000);
}

QJsonObject NioPeer::command(const QString &cmd, QJsonObject args, int timeoutMs)
{
    if (m_process.state() != QProcess::Running)
        return failure(QStringLiteral("nio peer is not running"));

    const int id = m_nextId++;
    args.insert(QStringLiteral("id"), id);
    args.insert(QStringLiteral("cmd"), cmd);
    m_process.write(QJsonDocument(args).toJson(QJsonDocument::Compact) + '\n');

    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::readyReadStandardOutput, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);

    while (true) {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline).trimmed();
            m_buffer.remove(0, newline + 1);
            if (line.isEmpty())
                continue;
            const QJsonObject answer = QJsonDocument::fromJson(line).object();
            if (answer.value(QStringLiteral("id")).toInt(-1) == id)
                return answer;
            // An answer to an earlier command that timed out on our side: dropped.
        }
        if (m_process.state() != QProcess::Running)
            return failure(QStringLiteral("nio peer exited (code %1) during %2").arg(m_process.exitCode()).arg(cmd));
        if (!timer.isActive())
            return failure(QStringLiteral("no answer to %1 within %2 ms").arg(cmd).arg(timeoutMs));
        loop.exec();
    }
}

QString NioPeer::createRoom(const QString &name, const QStringList &invite, bool direct)
{
    const QJsonObject answer = command(QStringLiteral("create_room"),
                                       {{QStringLiteral("name"), name},
                                        {QStringLiteral("invite"), QJsonArray::fromStringList(invite)},
                                        {QStringLiteral("direct"), direct}});
    return ok(answer) ? answer.value(QStringLiteral("room_id")).toString() : QString();
}

bool NioPeer::invite(const QString &roomId, const QString &userId)
{
    return ok(command(QStringLiteral("invite"),
                      {{QStringLiteral("room_id"), roomId}, {QStringLiteral("user_id"), userId}}));
}

bool NioPeer::join(const QString &roomId)
{
    return ok(command(QStringLiteral("join"), {{QStringLiteral("room_id"), roomId}}));
}

QString NioPeer::sendText(const QString &roomId, const QString &body)
{
    const QJsonObject answer = command(QStringLiteral("send"),
                                       {{QStringLiteral("room_id"), roomId}, {QStringLiteral("body"), body}});
    return ok(answer) ? answer.value(QStringLiteral("event_id")).toString() : QString();
}

bool NioPeer::waitForMessage(const QString &roomId, const QString &body, const QString &sender, int timeoutMs)
{
    QJsonObject args{{QStringLiteral("room_id"), roomId},
                     {QStringLiteral("body"), body},
                     {QStringLiteral("timeout_ms"), timeoutMs}};
    if (!sender.isEmpty())
        args.insert(QStringLiteral("sender"), sender);
    return ok(command(QStringLiteral("wait_message"), args, timeoutMs + 5000));
}

QJsonArray NioPeer::messages(const QString &roomId)
{
    const QJsonObject answer = command(QStringLiteral("messages"), {{QStringLiteral("room_id"), roomId}});
    return ok(answer) ? answer.value(QStringLiteral("messages")).toArray() : QJsonArray();
}

QList<QJsonObject> NioPeer::messageEvents(const QString &roomId, const QString &sender, const QString &body)
{
    QList<QJsonObject> out;
    const QJsonObject answer = command(QStringLiteral("events"), {{QStringLiteral("room_id"), roomId}});
    for (const auto &e : answer.value(QStringLiteral("events")).toArray()) {
        const QJsonObject event = e.toObject();
        if (event.value(QStringLiteral("type")).toString() == QLatin1String("m.room.message")
            && event.value(QStringLiteral("sender")).toString() == sender
            && event.value(QStringLiteral("content")).toObject().value(QStringLiteral("body")).toString() == body)
            out << event;
    }
    return out;
}

bool NioPeer::waitForInvite(const QString &roomId, int timeoutMs)
{
    return ok(command(QStringLiteral("wait_invite"),
                      {{QStringLiteral("room_id"), roomId}, {QStringLiteral("timeout_ms"), timeoutMs}},
                      timeoutMs + 5000));
}

QString NioPeer::createEncryptedRoom(const QString &name, const QStringList &invite)
{
    const QJsonObject answer = command(QStringLiteral("create_room"),
                                       {{QStringLiteral("name"), name},
                                        {QStringLiteral("invite"), QJsonArray::fromStringList(invite)},
                                        {QStringLiteral("encrypted"), true}});
    return ok(answer) ? answer.value(QStringLiteral("room_id")).toString() : QString();
}

bool NioPeer::setHistoryVisibility(const QString &roomId, const QString &visibility)
{
    return ok(command(QStringLiteral("set_history_visibility"),
                      {{QStringLiteral("room_id"), roomId}, {QStringLiteral("visibility"), visibility}}));
}

QJsonObject NioPeer::waitForDecrypted(const QString &roomId, const QString &body, const QString &sender,
                                      int timeoutMs)
{
    QJsonObject args{{QStringLiteral("room_id"), roomId},
                     {QStringLiteral("body"), body},
                     {QStringLiteral("timeout_ms"), timeoutMs}};
    if (!sender.isEmpty())
        args.insert(QStringLiteral("sender"), sender);
    const QJsonObject answer = command(QStringLiteral("wait_decrypted"), args, timeoutMs + 5000);
    return ok(answer) ? answer : QJsonObject();
}

QJsonObject NioPeer::eventInfo(const QString &roomId, const QString &eventId, int timeoutMs)
{
    const QJsonObject answer = command(QStringLiteral("event_info"),
                                       {{QStringLiteral("room_id"), roomId},
                                        {QStringLiteral("event_id"), eventId},
                                        {QStringLiteral("timeout_ms"), timeoutMs}},
                                       timeoutMs + 5000);
    return ok(answer) ? answer : QJsonObject();
}

QString NioPeer::outboundSessionId(const QString &roomId)
{
    const QJsonObject answer = command(QStringLiteral("outbound_session"), {{QStringLiteral("room_id"), roomId}});
    return ok(answer) ? answer.value(QStringLiteral("session_id")).toString() : QString();
}

QJsonObject NioPeer::forgeMegolm(const QString &roomId, const QString &type, const QJsonObject &content)
{
    const QJsonObject answer = command(QStringLiteral("forge_megolm"),
                                       {{QStringLiteral("room_id"), roomId},
                                        {QStringLiteral("type"), type},
                                        {QStringLiteral("content"), content}});
    return ok(answer) ? answer.value(QStringLiteral("content")).toObject() : QJsonObject();
}

QString NioPeer::sendRaw(const QString &roomId, const QString &type, const QJsonObject &content)
{
    const QJsonObject answer = command(QStringLiteral("send_raw"),
                                       {{QStringLiteral("room_id"), roomId},
                                        {QStringLiteral("type"), type},
                                        {QStringLiteral("content"), content}});
    return ok(answer) ? answer.value(QStringLiteral("event_id")).toString() : QString();
}

QJsonObject NioPeer::sendFile(const QString &roomId, const QString &path, const QString &msgtype,
                              const QString &mimetype, QJsonObject args)
{
    args.insert(QStringLiteral("room_id"), roomId);
    args.insert(QStringLiteral("path"), path);
    args.insert(QStringLiteral("msgtype"), msgtype);
    args.insert(QStringLiteral("mimetype"), mimetype);
    const QJsonObject answer = command(QStringLiteral("send_file"), args, 60000);
    return ok(answer) ? answer : QJsonObject();
}

QJsonObject NioPeer::download(const QString &mxc, const QJsonObject &file, const QString &outPath)
{
    QJsonObject args{{QStringLiteral("mxc"), mxc}};
    if (!file.isEmpty())
        args.insert(QStringLiteral("file"), file);
    if (!outPath.isEmpty())
        args.insert(QStringLiteral("out_path"), outPath);
    return command(QStringLiteral("download"), args, 120000);
}

QJsonObject NioPeer::devices(const QString &userId)
{
    const QJsonObject answer = command(QStringLiteral("devices"), {{QStringLiteral("user_id"), userId}});
    return ok(answer) ? answer.value(QStringLiteral("devices")).toObject() : QJsonObject();
}

bool NioPeer::trustDevice(const QString &userId, const QString &deviceId)
{
    return ok(command(QStringLiteral("trust_device"),
                      {{QStringLiteral("user_id"), userId}, {QStringLiteral("device_id"), deviceId}}));
}

bool NioPeer::logout()
{
    if (!ok(command(QStringLiteral("logout"), {}, 60000)))
        return false;
    // The peer exits by itself once logged out.
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(15000)) {
        qWarning("nio peer: still running after logout");
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

} // namespace estafette::test
