#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace estafette::test {

// The Synapse started for this test run by tests/support/synapse_harness.py (ctest fixture "synapse").
struct TestServer {
    QUrl baseUrl;          // http://127.0.0.1:<port>
    QString serverName;    // e.g. "localhost"
    QString sharedSecret;  // registration_shared_secret
    QString stateDir;
};

struct TestUser {
    QString userId;
    QString localpart;
    QString password;
    QString accessToken;
    QString deviceId;
};

// Reads $ESTAFETTE_SYNAPSE_STATE/state.json. On failure returns nullopt and says why in *error
// (integration tests then fail, never skip).
std::optional<TestServer> testServer(QString *error);

// Registers a fresh user (localpart = prefix + random suffix) through /_synapse/admin/v1/register
// (HMAC-SHA1 over nonce, user, password, admin flag). Blocks with a local event loop.
std::optional<TestUser> registerUser(const TestServer &server, const QString &prefix, bool admin, QString *error);

// Lowers (or lifts: 0, 0) the message rate limit of one user via the admin API
// (POST /_synapse/admin/v1/users/<user>/override_ratelimit).
bool overrideRateLimit(const TestServer &server, const TestUser &admin, const QString &userId,
                       int messagesPerSecond, int burstCount, QString *error);

// Locks or unlocks a user's account via the admin API (PUT /_synapse/admin/v2/users/<user> {"locked": ...}):
// a locked account's requests are refused with 401 M_USER_LOCKED (soft_logout) and its tokens stay valid.
bool setUserLocked(const TestServer &server, const TestUser &admin, const QString &userId, bool locked,
                   QString *error);

// One blocking JSON request to the test server as `accessToken` (`path` already percent-encoded, starting
// with "/_matrix" or "/_synapse"). The answer's JSON object, or nullopt with *error set.
std::optional<QJsonObject> callServer(const TestServer &server, const QByteArray &verb, const QString &path,
                                      const QString &accessToken, const QJsonObject &body, QString *error);

// `from` creates a room named `name` and invites `userId` (POST /createRoom): the room id, or empty with *error.
QString createRoomInviting(const TestServer &server, const TestUser &from, const QString &userId,
                           const QString &name, QString *error);

// Stops / starts the shared Synapse (same config, same port, same data) through the harness.
bool stopServer(QString *error);
bool startServer(QString *error);

} // namespace estafette::test
