#include "support/throttling_proxy.h"

#include <QList>
#include <QTcpSocket>

namespace estafette::test {

namespace {
constexpr int kTickMs = 20;
constexpr qint64 kMaxBuffered = 1 << 20; // stop reading from a client holding this much not forwarded
} // namespace

ThrottlingProxy::ThrottlingProxy(quint16 upstreamPort, qint64 bytesPerSecond, QObject *parent)
    : QObject(parent), m_upstreamPort(upstreamPort), m_bytesPerTick(qMax<qint64>(1, bytesPerSecond * kTickMs / 1000))
{
    connect(&m_server, &QTcpServer::newConnection, this, &ThrottlingProxy::accept);
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &ThrottlingProxy::tick);
}

ThrottlingProxy::~ThrottlingProxy()
{
    for (const Pair &pair : std::as_const(m_pairs)) {
        delete pair.client.data();
        delete pair.upstream.data();
    }
}

bool ThrottlingProxy::listen(QString *error)
{
    if (!m_server.listen(QHostAddress::LocalHost, 0)) {
        if (error)
            *error = QStringLiteral("the throttling proxy could not listen: ") + m_server.errorString();
        return false;
    }
    m_timer.start();
    return true;
}

void ThrottlingProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(this);
        client->setParent(this);
        m_pairs.insert(client, Pair{client, upstream, {}});
        // Server to client: as fast as it comes.
        connect(upstream, &QTcpSocket::readyRead, this, [client, upstream] {
            if (client)
                client->write(upstream->readAll());
        });
        connect(upstream, &QTcpSocket::disconnected, this, [this, client] { close(client); });
        connect(upstream, &QTcpSocket::errorOccurred, this, [this, client] { close(client); });
        connect(client, &QTcpSocket::disconnected, this, [this, client] { close(client); });
        // Client to server: read as the budget allows (tick()); the kernel's buffers then push back.
        client->setReadBufferSize(kMaxBuffered);
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void ThrottlingProxy::tick()
{
    // One budget for all connections together (one uplink), shared among those with something to send, so a
    // sync request still goes out beside an upload.
    QList<Pair *> active;
    for (Pair &pair : m_pairs) {
        if (!pair.client || !pair.upstream || pair.upstream->state() != QAbstractSocket::ConnectedState)
            continue;
        if (pair.pendingUp.size() < kMaxBuffered)
            pair.pendingUp += pair.client->read(kMaxBuffered - pair.pendingUp.size());
        if (!pair.pendingUp.isEmpty())
            active << &pair;
    }
    if (active.isEmpty())
        return;
    const qint64 share = qMax<qint64>(1, m_bytesPerTick / active.size());
    for (Pair *pair : std::as_const(active)) {
        const qint64 n = qMin<qint64>(share, pair->pendingUp.size());
        pair->upstream->write(pair->pendingUp.constData(), n);
        pair->pendingUp.remove(0, n);
        m_bytesUp += n;
    }
}

void ThrottlingProxy::close(QTcpSocket *client)
{
    const auto it = m_pairs.find(client);
    if (it == m_pairs.end())
        return;
    const Pair pair = it.value();
    m_pairs.erase(it);
    // What the client sent and the uplink did not carry yet is lost with the connection, as on a real network.
    if (pair.upstream) {
        pair.upstream->disconnectFromHost();
        pair.upstream->deleteLater();
    }
    if (pair.client) {
        pair.client->disconnectFromHost();
        pair.client->deleteLater();
    }
}

} // namespace estafette::test
