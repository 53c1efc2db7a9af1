#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace estafette::test {

// One scripted answer of FaultHttpServer.
struct CannedResponse {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers (Content-Length/Connection are added)
    QByteArray body;
    bool neverAnswer = false; // keep the connection open and say nothing (for timeouts)
    qint64 declaredLength = -1; // Content-Length to announce instead of the body's size (a body cut short)
    bool holdOpen = false;      // after the body, keep the connection open instead of closing it (a stall)

    static CannedResponse json(int status, const QJsonObject &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static CannedResponse raw(int status, const QByteArray &body, const QByteArray &contentType = "text/html");
    // {"errcode": errcode, "error": "..."} with the given status.
    static CannedResponse matrixError(int status, const QString &errcode, const QJsonObject &extra = {});
    static CannedResponse silence();
};

struct RecordedRequest {
    QByteArray method;
    QByteArray target;                 // path and query as sent ("/_matrix/...?...")
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    qint64 receivedMs = 0;             // since the server started listening

    QByteArray path() const;           // target without the query
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// A tiny scripted HTTP/1.1 server on 127.0.0.1 for faults a real homeserver cannot produce on demand.
// Each request takes the next queued response (the default response when the queue is empty) and every
// answer closes its connection.
class FaultHttpServer : public QObject {
    Q_OBJECT
public:
    explicit FaultHttpServer(QObject *parent = nullptr);
    ~FaultHttpServer() override;

    bool listen(); // ephemeral port on 127.0.0.1
    quint16 port() const;
    QUrl url() const; // http://127.0.0.1:<port>

    void enqueue(const CannedResponse &response);
    void setDefaultResponse(const CannedResponse &response) { m_default = response; }
    int pendingResponses() const { return int(m_queue.size()); }

    QList<RecordedRequest> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    // Spins the event loop until `count` requests were received or the timeout expired.
    bool waitForRequests(int count, int timeoutMs = 5000);

    // A port on 127.0.0.1 where nothing listens (bound then released).
    static quint16 closedPort();

signals:
    void requestReceived(int index);

private:
    struct Connection {
        QByteArray buffer;
    };
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const CannedResponse &response);

    QTcpServer *m_server;
    QQueue<CannedResponse> m_queue;
    CannedResponse m_default;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, Connection> m_connections;
    QElapsedTimer m_clock;
};

} // namespace estafette::test
