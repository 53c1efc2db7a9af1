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
// A typed URL is checked directly. A bare server name is https only: its well-known base_url is used when it
// is an https URL, otherwise (404, unreachable, invalid, or its versions fail) https://<name> is tried.
// Results are always reported from the event loop, once per start(); cancel() silences the current one.
// A 5xx answer counts as Unreachable (a gateway with no homeserver behind it).
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
    QUrl plainNameUrl() const; // https://<serverName>
    HttpClient *m_http;
    ServerInput m_input;
    QPointer<PendingRequest> m_pending;
    quint64 m_generation = 0; // bumped by cancel()/start(): late results of an older start are dropped
};

} // namespace estafette
