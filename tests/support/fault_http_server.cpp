#include "support/fault_http_server.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

namespace estafette::test {

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

CannedResponse CannedResponse::json(int status, const QJsonObject &body,
                                    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    CannedResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.headers = headers;
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return r;
}

CannedResponse CannedResponse::raw(int status, const QByteArray &body, const QByteArray &contentType)
{
    CannedResponse r;
    r.status = status;
    r.body = body;
    r.headers.append(qMakePair(QByteArray("Content-Type"), contentType));
    return r;
}

CannedResponse CannedResponse::matrixError(int status, const QString &errcode, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("errcode"), errcode);
    if (!body.contains(QStringLiteral("error")))
        body.insert(QStringLiteral("error"), QStringLiteral("scripted error"));
    return json(status, body);
}

CannedResponse CannedResponse::silence()
{
    CannedResponse r;
    r.neverAnswer = true;
    return r;
}

QByteArray RecordedRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

FaultHttpServer::FaultHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_default(CannedResponse::matrixError(404, QStringLiteral("M_UNRECOGNIZED")))
{
    connect(m_server, &QTcpServer::newConnection, this, &FaultHttpServer::onNewConnection);
}

FaultHttpServer::~FaultHttpServer()
{
    for (auto it = m_connections.keyBegin(); it != m_connections.keyEnd(); ++it) {
        (*it)->disconnect(this);
        (*it)->abort();
    }
}

bool FaultHttpServer::listen()
{
    m_clock.start();
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FaultHttpServer::port() const
{
    return m_server->serverPort();
}

QUrl FaultHttpServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

void FaultHttpServer::enqueue(const CannedResponse &response)
{
    m_queue.enqueue(response);
}

bool FaultHttpServer::waitForRequests(int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (requestCount() < count && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return requestCount() >= count;
}

quint16 FaultHttpServer::closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

void FaultHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_connections.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void FaultHttpServer::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    QByteArray &buffer = it->buffer;
    buffer += socket->readAll();

    // One request per connection: every answer closes it.
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (buffer.size() > kMaxHeaderBytes)
            socket->abort();
        return;
    }
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() < 3) {
        socket->abort();
        return;
    }
    RecordedRequest request;
    request.method = requestLine.at(0);
    request.target = requestLine.at(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    bool ok = true;
    const QByteArray lengthHeader = request.header("content-length");
    const qint64 length = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&ok);
    if (!ok || length < 0) {
        socket->abort();
        return;
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (buffer.size() - bodyStart < length)
        return; // wait for the rest of the body
    request.body = buffer.mid(bodyStart, length);
    request.receivedMs = m_clock.elapsed();
    buffer.clear();

    m_requests.append(request);
    const CannedResponse response = m_queue.isEmpty() ? m_default : m_queue.dequeue();
    emit requestReceived(int(m_requests.size()) - 1);
    answer(socket, response);
}

void FaultHttpServer::answer(QTcpSocket *socket, const CannedResponse &response)
{
    if (response.neverAnswer)
        return; // the client will give up and close
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    const qint64 length = response.declaredLength >= 0 ? response.declaredLength : response.body.size();
    out += "Content-Length: " + QByteArray::number(length) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += response.body;
    socket->write(out);
    if (!response.holdOpen)
        socket->disconnectFromHost(); // flushes, then closes
}

} // namespace estafette::test
