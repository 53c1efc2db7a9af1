#include "support/synapse_fixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>

namespace estafette::test {

namespace {

constexpr int kRequestTimeoutMs = 30000;

struct Reply {
    int status = 0;          // HTTP status, 0 when no answer
    QJsonObject json;
    QString error;           // transport error or Matrix error, empty on success
};

// One blocking request with a local event loop (tests only: the code under test must never block).
Reply request(const QByteArray &verb, const QUrl &url, const QString &accessToken = {},
              const QJsonObject &body = {}, bool hasBody = false)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setTransferTimeout(kRequestTimeoutMs);
    if (!accessToken.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + accessToken.toUtf8());
    QByteArray payload;
    if (hasBody) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *reply = nam.sendCustomRequest(req, verb, payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();

    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = reply->readAll();
    r.json = QJsonDocument::fromJson(bytes).object();
    if (reply->error() != QNetworkReply::NoError || r.status / 100 != 2) {
        r.error = QStringLiteral("%1 %2 -> HTTP %3 %4 %5")
                      .arg(QString::fromLatin1(verb), url.path())
                      .arg(r.status)
                      .arg(r.json.value(QStringLiteral("errcode")).toString(),
                           r.json.isEmpty() ? reply->errorString()
                                            : r.json.value(QStringLiteral("error")).toString());
    }
    reply->deleteLater();
    return r;
}

QUrl endpoint(const TestServer &server, const QString &path)
{
    QUrl url = server.baseUrl;
    url.setPath(path);
    return url;
}

QString randomSuffix()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString s;
    for (int i = 0; i < 8; ++i)
        s += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return s;
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

// Runs tests/support/synapse_harness.py <command> <state dir> with the test venv's Python.
bool runHarness(const QString &command, QString *error)
{
    const QString python = qEnvironmentVariable("ESTAFETTE_PYTHON");
    const QString supportDir = qEnvironmentVariable("ESTAFETTE_TEST_SUPPORT_DIR");
    const QString stateDir = qEnvironmentVariable("ESTAFETTE_SYNAPSE_STATE");
    if (python.isEmpty() || supportDir.isEmpty() || stateDir.isEmpty()) {
        setError(error, QStringLiteral("ESTAFETTE_PYTHON, ESTAFETTE_TEST_SUPPORT_DIR and ESTAFETTE_SYNAPSE_STATE "
                                       "must be set (run the test through ctest)"));
        return false;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(python, {QDir(supportDir).filePath(QStringLiteral("synapse_harness.py")), command, stateDir});
    if (!process.waitForStarted(10000)) {
        setError(error, QStringLiteral("cannot run %1: %2").arg(python, process.errorString()));
        return false;
    }
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished(5000);
        setError(error, QStringLiteral("synapse_harness.py %1 timed out").arg(command));
        return false;
    }
    const QString output = QString::fromUtf8(process.readAll());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        setError(error, QStringLiteral("synapse_harness.py %1 failed (exit %2):\n%3")
                            .arg(command).arg(process.exitCode()).arg(output));
        return false;
    }
    return true;
}

} // namespace

std::optional<TestServer> testServer(QString *error)
{
    const QString stateDir = qEnvironmentVariable("ESTAFETTE_SYNAPSE_STATE");
    if (stateDir.isEmpty()) {
        setError(error, QStringLiteral("ESTAFETTE_SYNAPSE_STATE is not set (run the test through ctest, which "
                                       "starts Synapse with the \"synapse\" fixture)"));
        return std::nullopt;
    }
    QFile file(QDir(stateDir).filePath(QStringLiteral("state.json")));
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("cannot read %1: %2 (did synapse_up run?)")
                            .arg(file.fileName(), file.errorString()));
        return std::nullopt;
    }
    const QJsonObject state = QJsonDocument::fromJson(file.readAll()).object();
    TestServer server;
    server.baseUrl = QUrl(state.value(QStringLiteral("base_url")).toString());
    server.serverName = state.value(QStringLiteral("server_name")).toString();
    server.sharedSecret = state.value(QStringLiteral("shared_secret")).toString();
    server.stateDir = stateDir;
    if (!server.baseUrl.isValid() || server.baseUrl.isEmpty() || server.sharedSecret.isEmpty()) {
        setError(error, QStringLiteral("%1 is incomplete").arg(file.fileName()));
        return std::nullopt;
    }
    return server;
}

std::optional<TestUser> registerUser(const TestServer &server, const QString &prefix, bool admin, QString *error)
{
    const QUrl url = endpoint(server, QStringLiteral("/_synapse/admin/v1/register"));
    const Reply nonceReply = request("GET", url);
    const QString nonce = nonceReply.json.value(QStringLiteral("nonce")).toString();
    if (!nonceReply.error.isEmpty() || nonce.isEmpty()) {
        setError(error, QStringLiteral("registration nonce: %1").arg(nonceReply.error));
        return std::nullopt;
    }

    TestUser user;
    user.localpart = (prefix.isEmpty() ? QStringLiteral("user") : prefix.toLower()) + QLatin1Char('_') + randomSuffix();
    user.password = QStringLiteral("pw-") + randomSuffix() + randomSuffix();

    QMessageAuthenticationCode mac(QCryptographicHash::Sha1, server.sharedSecret.toUtf8());
    mac.addData(nonce.toUtf8());
    mac.addData(QByteArray(1, '\0'));
    mac.addData(user.localpart.toUtf8());
    mac.addData(QByteArray(1, '\0'));
    mac.addData(user.password.toUtf8());
    mac.addData(QByteArray(1, '\0'));
    mac.addData(admin ? QByteArrayLiteral("admin") : QByteArrayLiteral("notadmin"));

    const QJsonObject body{{QStringLiteral("nonce"), nonce},
                           {QStringLiteral("username"), user.localpart},
                           {QStringLiteral("password"), user.password},
                           {QStringLiteral("admin"), admin},
                           {QStringLiteral("mac"), QString::fromLatin1(mac.result().toHex())}};
    const Reply reply = request("POST", url, {}, body, true);
    if (!reply.error.isEmpty()) {
        setError(error, QStringLiteral("registering %1: %2").arg(user.localpart, reply.error));
        return std::nullopt;
    }
    user.userId = reply.json.value(QStringLiteral("user_id")).toString();
    user.accessToken = reply.json.value(QStringLiteral("access_token")).toString();
    user.deviceId = reply.json.value(QStringLiteral("device_id")).toString();
    if (user.userId.isEmpty() || user.accessToken.isEmpty()) {
        setError(error, QStringLiteral("registering %1: no user_id/access_token in the answer").arg(user.localpart));
        return std::nullopt;
    }
    return user;
}

bool overrideRateLimit(const TestServer &server, const TestUser &admin, const QString &userId,
                       int messagesPerSecond, int burstCount, QString *error)
{
    const QString path = QStringLiteral("/_synapse/admin/v1/users/%1/override_ratelimit")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(userId)));
    // Parsed from a string so the percent-encoded user id stays encoded.
    const QUrl url(server.baseUrl.toString(QUrl::StripTrailingSlash) + path);
    const QJsonObject body{{QStringLiteral("messages_per_second"), messagesPerSecond},
                           {QStringLiteral("burst_count"), burstCount}};
    const Reply reply = request("POST", url, admin.accessToken, body, true);
    if (!reply.error.isEmpty()) {
        setError(error, QStringLiteral("override_ratelimit for %1: %2").arg(userId, reply.error));
        return false;
    }
    return true;
}

std::optional<QJsonObject> callServer(const TestServer &server, const QByteArray &verb, const QString &path,
                                      const QString &accessToken, const QJsonObject &body, QString *error)
{
    // Parsed from a string so percent-encoded segments stay encoded.
    const QUrl url(server.baseUrl.toString(QUrl::StripTrailingSlash) + path);
    const bool hasBody = verb != "GET" && verb != "DELETE";
    const Reply reply = request(verb, url, accessToken, body, hasBody);
    if (!reply.error.isEmpty()) {
        setError(error, reply.error);
        return std::nullopt;
    }
    return reply.json;
}

bool setUserLocked(const TestServer &server, const TestUser &admin, const QString &userId, bool locked,
                   QString *error)
{
    const QString path = QStringLiteral("/_synapse/admin/v2/users/%1")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(userId)));
    return callServer(server, "PUT", path, admin.accessToken, {{QStringLiteral("locked"), locked}}, error)
        .has_value();
}

bool stopServer(QString *error)
{
    return runHarness(QStringLiteral("down"), error);
}

bool startServer(QString *error)
{
    return runHarness(QStringLiteral("up"), error);
}

QString createRoomInviting(const TestServer &server, const TestUser &from, const QString &userId,
                           const QString &name, QString *error)
{
    const auto created = callServer(server, "POST", QStringLiteral("/_matrix/client/v3/createRoom"),
                                    from.accessToken,
                                    {{QStringLiteral("name"), name}, {QStringLiteral("invite"), QJsonArray{userId}}},
                                    error);
    return created ? created->value(QStringLiteral("room_id")).toString() : QString();
}

} // namespace estafette::test
