#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace estafette::test {

// A TCP proxy on 127.0.0.1 in front of the test Synapse that lets bytes from the client to the server through at
// most `bytesPerSecond` (the other way is not limited): a slow uplink, which the real server cannot be made to
// have, so that an upload lasts long enough to be watched and cancelled. Everything else is Synapse's own
// answers. Runs on the thread that creates it (the test's event loop moves the bytes).
class ThrottlingProxy : public QObject {
    Q_OBJECT
public:
    ThrottlingProxy(quint16 upstreamPort, qint64 bytesPerSecond, QObject *parent = nullptr);
    ~ThrottlingProxy() override;

    bool listen(QString *error); // any free port
    quint16 port() const { return m_server.serverPort(); }
    qint64 bytesUp() const { return m_bytesUp; } // client -> server, forwarded so far

private:
    struct Pair {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray pendingUp; // read from the client, not forwarded yet
    };
    void accept();
    void tick(); // every 20 ms: forward what the budget allows
    void close(QTcpSocket *client);

    QTcpServer m_server;
    quint16 m_upstreamPort;
    qint64 m_bytesPerTick;
    qint64 m_bytesUp = 0;
    QTimer m_timer;
    QHash<QTcpSocket *, Pair> m_pairs; // by client socket
};

} // namespace estafette::test
