#pragma once

#include "net/matrix_error.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace estafette {

class HttpClient;
class PendingRequest;

// What the person typed in the "homeserver" field (or the server part of a user id), normalised.
struct ServerInput {
    bool valid = false;
    QString serverName; // "example.org" or "example.org:8448"; the name used for .well-known
    QUrl explicitUrl;   // set when the person typed a scheme (https://matrix.example.org): try it directly
    QString error;      // why the input is unusable (not translated; for logs)

    // Accepts "example.org", "example.org:8008", "https://matrix.example.org[/]", "http://127.0.0.1:8008",
    // "@alice:example.org" (server part taken). Rejects empty input and anything with spaces.
    static ServerInput parse(const QString &text);
};

// Resolves input to a homeserver base URL: /.well-known/matrix/client then /_matrix/client/versions.
class HomeserverDiscovery : public QObject {
    Q_OBJECT
public:
    enum class Failure {
        InvalidInput,  // could not understand what was typed
        Unreachable,   // no answer (DNS, refused, timeout)
        Tls,           // certificate problem
        NotMatrix,     // answered, but /_matrix/client/versions is not a Matrix answer
    };
    Q_ENUM(Failure)

    explicit HomeserverDiscovery(HttpClient *http, QObject *parent = nullptr);
    void start(const QString &input);
    void cancel();

signals:
    void resolved(const QUrl &baseUrl, const QStringList &versions);
    void failed(estafette::HomeserverDiscovery::Failure failure, const estafette::MatrixError &error);

private:
    void checkVersions(const QUrl &baseUrl, bool fallbackToPlainName);
    HttpClient *m_http;
    ServerInput m_input;
    QPointer<PendingRequest> m_pending;
};

} // namespace estafette
