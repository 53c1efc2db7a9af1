#pragma once

#include "support/test_certificates.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QSslServer;
class QSslSocket;

namespace estafette::test {

// An HTTPS server on 127.0.0.1 in front of the test Synapse, as a real deployment has (a TLS reverse proxy that
// also serves /.well-known/matrix/client): it answers the well-known document itself and forwards every other
// request to the upstream (plain HTTP) homeserver. HTTP/1.1, keep-alive, one request at a time per connection.
// It records what it was sent, so a test can prove that nothing was sent over a connection the client refused.
class TlsFrontServer : public QObject {
    Q_OBJECT
public:
    TlsFrontServer(const TestCertificate &certificate, const QUrl &upstream, QObject *parent = nullptr);
    ~TlsFrontServer() override;

    // Listens on 127.0.0.1:port (0: any free port); false with the reason in *error.
    bool listen(quint16 port, QString *error);
    quint16 port() const;
    void setWellKnown(const QJsonObject &document) { m_wellKnown = document; }

    // Connections whose TLS handshake completed, and the requests read from them ("GET /path?query").
    int encryptedConnections() const { return m_encrypted; }
    QList<QByteArray> requests() const { return m_requests; }

private:
    struct Connection {
        QByteArray buffer;
        bool busy = false; // a forwarded request is waiting for its answer
    };
    void onConnection();
    void readRequests(QSslSocket *socket);
    void forward(QSslSocket *socket, const QByteArray &method, const QByteArray &target,
                 const QHash<QByteArray, QByteArray> &headers, const QByteArray &body);
    void respond(QSslSocket *socket, int status, const QByteArray &contentType, const QByteArray &body);

    QSslServer *m_server;
    QNetworkAccessManager *m_upstreamNam;
    QUrl m_upstream;
    QJsonObject m_wellKnown;
    QHash<QSslSocket *, Connection> m_connections;
    QList<QByteArray> m_requests;
    int m_encrypted = 0;
};

} // namespace estafette::test
