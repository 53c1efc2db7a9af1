#include "support/tls_front_server.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QPointer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>

namespace estafette::test {

namespace {
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
const QByteArray kWellKnownPath = "/.well-known/matrix/client";
} // namespace

TlsFrontServer::TlsFrontServer(const TestCertificate &certificate, const QUrl &upstream, QObject *parent)
    : QObject(parent)
    , m_server(new QSslServer(this))
    , m_upstreamNam(new QNetworkAccessManager(this))
    , m_upstream(upstream)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate.certificate);
    config.setPrivateKey(certificate.key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients have no certificate
    config.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    m_server->setSslConfiguration(config);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &TlsFrontServer::onConnection);
}

TlsFrontServer::~TlsFrontServer()
{
    for (QSslSocket *socket : m_connections.keys())
        socket->disconnect(this);
}

bool TlsFrontServer::listen(quint16 port, QString *error)
{
    if (m_server->listen(QHostAddress::LocalHost, port))
        return true;
    if (error)
        *error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(m_server->errorString());
    return false;
}

quint16 TlsFrontServer::port() const
{
    return m_server->serverPort();
}

void TlsFrontServer::onConnection()
{
    while (m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        ++m_encrypted; // QSslServer hands out connections once their handshake is done
        m_connections.insert(socket, {});
        connect(socket, &QSslSocket::readyRead, this, [this, socket] { readRequests(socket); });
        connect(socket, &QSslSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
        readRequests(socket);
    }
}

void TlsFrontServer::readRequests(QSslSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    while (!it->busy) {
        const qsizetype end = it->buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (it->buffer.size() > kMaxHeaderBytes)
                socket->abort();
            return;
        }
        const QList<QByteArray> lines = it->buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        if (requestLine.size() < 3) {
            socket->abort();
            return;
        }
        QHash<QByteArray, QByteArray> headers;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = headers.value("content-length", "0").toLongLong();
        if (it->buffer.size() < end + 4 + length)
            return; // the body is still coming
        const QByteArray body = it->buffer.mid(end + 4, length);
        it->buffer.remove(0, end + 4 + length);
        const QByteArray method = requestLine[0];
        const QByteArray target = requestLine[1];
        m_requests.append(method + ' ' + target);
        if (method == "GET" && target == kWellKnownPath) {
            respond(socket, 200, "application/json", QJsonDocument(m_wellKnown).toJson(QJsonDocument::Compact));
            continue;
        }
        it->busy = true;
        forward(socket, method, target, headers, body);
        return;
    }
}

void TlsFrontServer::forward(QSslSocket *socket, const QByteArray &method, const QByteArray &target,
                             const QHash<QByteArray, QByteArray> &headers, const QByteArray &body)
{
    QUrl url = m_upstream;
    const qsizetype question = target.indexOf('?');
    url.setPath(QString::fromUtf8(target.left(question < 0 ? target.size() : question)));
    if (question >= 0)
        url.setQuery(QString::fromUtf8(target.mid(question + 1)), QUrl::StrictMode);
    QNetworkRequest request(url);
    for (const QByteArray &name : {QByteArray("authorization"), QByteArray("content-type"), QByteArray("accept")}) {
        if (headers.contains(name))
            request.setRawHeader(name, headers.value(name));
    }
    request.setTransferTimeout(120000);
    QNetworkReply *reply = m_upstreamNam->sendCustomRequest(request, method, body);
    QPointer<QSslSocket> client(socket);
    connect(reply, &QNetworkReply::finished, this, [this, reply, client] {
        reply->deleteLater();
        if (!client || !m_connections.contains(client))
            return;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        respond(client, status.isValid() ? status.toInt() : 502,
                reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll());
        m_connections[client].busy = false;
        readRequests(client);
    });
}

void TlsFrontServer::respond(QSslSocket *socket, int status, const QByteArray &contentType, const QByteArray &body)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " Answer\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    socket->write(head + body);
}

} // namespace estafette::test
