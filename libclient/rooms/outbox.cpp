#include "rooms/outbox.h"

#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/room.h"
#include "rooms/room_list.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcOutbox, "estafette.outbox")

namespace estafette {

Outbox::Outbox(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent)
    : QObject(parent), m_api(api), m_rooms(rooms), m_ownUserId(ownUserId)
{
}

QString Outbox::newTransactionId()
{
    return QStringLiteral("est%1.%2")
        .arg(QDateTime::currentMSecsSinceEpoch())
        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

QString Outbox::sendText(const QString &roomId, const QString &text)
{
    const QString txnId = newTransactionId();
    Pending pending;
    pending.roomId = roomId;
    pending.type = QStringLiteral("m.room.message");
    pending.content = QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                  {QStringLiteral("body"), text}};
    m_pending.insert(txnId, pending);

    if (Room *room = m_rooms->room(roomId)) {
        const QJsonObject echo{
            {QStringLiteral("type"), pending.type},
            {QStringLiteral("sender"), m_ownUserId},
            {QStringLiteral("content"), pending.content},
            {QStringLiteral("origin_server_ts"), QDateTime::currentMSecsSinceEpoch()},
            {QStringLiteral("unsigned"), QJsonObject{{QStringLiteral("transaction_id"), txnId}}},
        };
        room->timeline()->addLocalEcho(txnId, Event(echo));
    }
    enqueue(txnId);
    return txnId;
}

void Outbox::retry(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || it->request)
        return;
    it->failed = false;
    if (Room *room = m_rooms->room(it->roomId))
        room->timeline()->setSendState(txnId, SendState::Sending);
    enqueue(txnId);
}

void Outbox::enqueue(const QString &txnId)
{
    const QString roomId = m_pending.value(txnId).roomId;
    m_queues[roomId].append(txnId);
    pump(roomId);
}

void Outbox::pump(const QString &roomId)
{
    auto queue = m_queues.find(roomId);
    if (queue == m_queues.end())
        return;
    if (queue->isEmpty()) {
        m_queues.erase(queue);
        return;
    }
    const auto head = m_pending.constFind(queue->first());
    if (head != m_pending.cend() && !head->request)
        transmit(queue->first());
}

void Outbox::discard(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || !it->failed)
        return;
    if (Room *room = m_rooms->room(it->roomId))
        room->timeline()->removeLocalEcho(txnId);
    m_pending.erase(it);
}

void Outbox::transmit(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    PendingRequest *request = m_api->sendEvent(it->roomId, it->type, txnId, it->content, m_retry);
    it->request = request;
    connect(request, &PendingRequest::retrying, this, [txnId](const MatrixError &error, int delayMs) {
        qCInfo(lcOutbox) << "message" << txnId << "not sent yet:" << error.message << "- retrying in" << delayMs << "ms";
    });
    connect(request, &PendingRequest::finished, this, [this, txnId](const HttpResponse &response) {
        auto it = m_pending.find(txnId);
        if (it == m_pending.end())
            return;
        it->request = nullptr;
        const QString roomId = it->roomId;
        m_queues[roomId].removeOne(txnId);
        Room *room = m_rooms->room(roomId);
        QString eventId;
        MatrixError error = response.error;
        if (response.ok()) {
            eventId = response.json().value(QLatin1String("event_id")).toString();
            if (eventId.isEmpty())
                error = MatrixError::invalidResponse(QStringLiteral("send answered without an event_id"));
        }
        if (error.ok()) {
            m_pending.erase(it);
            if (room)
                room->timeline()->markSent(txnId, eventId);
            emit sent(roomId, txnId, eventId);
            pump(roomId);
            return;
        }
        qCWarning(lcOutbox) << "message" << txnId << "failed:" << error.httpStatus << error.errcode << error.message;
        it->failed = true;
        if (room)
            room->timeline()->setSendState(txnId, SendState::Failed, error);
        emit failed(roomId, txnId, error);
        pump(roomId);
    });
}

} // namespace estafette
