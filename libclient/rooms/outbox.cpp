#include "rooms/outbox.h"

#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/room.h"
#include "rooms/room_encryptor.h"
#include "rooms/room_list.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

Q_LOGGING_CATEGORY(lcOutbox, "estafette.outbox")

namespace estafette {

Outbox::Outbox(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent)
    : QObject(parent), m_api(api), m_rooms(rooms), m_ownUserId(ownUserId)
{
    // Messages waiting for their room's state go on when a sync brings it.
    connect(m_rooms, &RoomList::roomAdded, this, [this](Room *room, int) { pump(room->id()); });
    connect(m_rooms, &RoomList::roomUpdated, this, [this](Room *room) { pump(room->id()); });
    connect(m_rooms, &RoomList::roomLeft, this, &Outbox::roomLeft);
}

Outbox::RoomReadiness Outbox::readiness(const QString &roomId) const
{
    const Room *room = m_rooms->room(roomId);
    if (!room || room->membership() != Membership::Join)
        return RoomReadiness::Unknown; // not listed yet, or only invited: once joined, its state says
    if (room->state().isEncrypted() || (m_encryptor && m_encryptor->remembersEncryption(roomId)))
        return RoomReadiness::Encrypted;
    // Without the room's creation event its state is not known (not synced or not loaded yet): the absence of
    // m.room.encryption then means nothing.
    if (!room->state().get(QStringLiteral("m.room.create")))
        return RoomReadiness::Unknown;
    return RoomReadiness::Clear;
}

OutboxUpdate Outbox::update(OutboxUpdate::Kind kind, const QString &txnId) const
{
    OutboxUpdate u;
    u.kind = kind;
    u.roomId = m_pending.value(txnId).roomId;
    u.transactionId = txnId;
    return u;
}

void Outbox::roomLeft(const QString &roomId)
{
    // Queued messages of a room we are not in can never be sent (one on its way gets the server's answer).
    const QStringList queued = m_queues.value(roomId);
    for (const QString &txnId : queued) {
        if (inFlight(txnId))
            continue;
        qCWarning(lcOutbox) << "message" << txnId << "not sent: we are not in its room";
        m_queues[roomId].removeOne(txnId);
        MatrixError notMember;
        notMember.kind = MatrixError::Kind::Matrix;
        notMember.errcode = QStringLiteral("M_FORBIDDEN");
        markFailed(txnId, notMember);
    }
    pump(roomId);
}

QString Outbox::newTransactionId()
{
    return QStringLiteral("est%1.%2")
        .arg(QDateTime::currentMSecsSinceEpoch())
        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

QString Outbox::sendText(const QString &roomId, const QString &text)
{
    OutboxEntry entry;
    entry.transactionId = newTransactionId();
    entry.roomId = roomId;
    entry.eventType = QStringLiteral("m.room.message");
    entry.content = QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")}, {QStringLiteral("body"), text}};
    entry.acceptedAtMs = QDateTime::currentMSecsSinceEpoch();
    const QString txnId = entry.transactionId;
    track(entry);
    if (!m_journal) {
        emit updated(update(OutboxUpdate::Kind::Accepted, txnId));
        emit accepted(roomId, txnId);
        enqueue(txnId);
        return txnId;
    }
    // Written to disk before any network: only a committed message is sent.
    m_journal->insert(entry, [this, roomId, txnId](bool committed) {
        if (!m_pending.contains(txnId))
            return;
        if (committed) {
            emit updated(update(OutboxUpdate::Kind::Accepted, txnId));
            emit accepted(roomId, txnId);
            enqueue(txnId);
        } else {
            markFailed(txnId, MatrixError::invalidResponse(QStringLiteral("the message could not be saved")));
        }
    });
    return txnId;
}

void Outbox::restore(const QList<OutboxEntry> &entries)
{
    for (const OutboxEntry &entry : entries) {
        if (m_pending.contains(entry.transactionId))
            continue;
        track(entry);
        if (entry.failed) {
            m_pending[entry.transactionId].failed = true;
            OutboxUpdate failed = update(OutboxUpdate::Kind::Failed, entry.transactionId);
            failed.error.kind = MatrixError::Kind::Matrix;
            failed.error.errcode = entry.failureReason;
            emit updated(failed);
        } else {
            enqueue(entry.transactionId);
        }
    }
}

void Outbox::track(const OutboxEntry &entry)
{
    Pending pending;
    pending.roomId = entry.roomId;
    pending.type = entry.eventType;
    pending.content = entry.content;
    pending.acceptedAtMs = entry.acceptedAtMs;
    m_pending.insert(entry.transactionId, pending);
    OutboxUpdate queued = update(OutboxUpdate::Kind::Queued, entry.transactionId);
    queued.echo = Event(QJsonObject{
        {QStringLiteral("type"), entry.eventType},
        {QStringLiteral("sender"), m_ownUserId},
        {QStringLiteral("content"), entry.content},
        {QStringLiteral("origin_server_ts"), entry.acceptedAtMs},
        {QStringLiteral("unsigned"), QJsonObject{{QStringLiteral("transaction_id"), entry.transactionId}}},
    });
    emit updated(queued);
}

void Outbox::markFailed(const QString &txnId, const MatrixError &error)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    it->failed = true;
    const QString roomId = it->roomId;
    if (m_journal)
        m_journal->setFailed(txnId, true,
                             error.errcode.isEmpty() ? QString::fromLatin1(MatrixError::kindName(error.kind)) : error.errcode);
    OutboxUpdate failedUpdate = update(OutboxUpdate::Kind::Failed, txnId);
    failedUpdate.error = error;
    emit updated(failedUpdate);
    emit failed(roomId, txnId, error);
}

void Outbox::retry(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || inFlight(txnId))
        return;
    it->failed = false;
    if (m_journal)
        m_journal->setFailed(txnId, false, {});
    emit updated(update(OutboxUpdate::Kind::Sending, txnId));
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
    if (m_pending.contains(queue->first()) && !inFlight(queue->first()))
        transmit(queue->first());
}

void Outbox::discard(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || !it->failed)
        return;
    const OutboxUpdate cancelled = update(OutboxUpdate::Kind::Cancelled, txnId);
    m_pending.erase(it);
    if (m_journal)
        m_journal->remove(txnId);
    emit updated(cancelled);
}

bool Outbox::inFlight(const QString &txnId) const
{
    const auto it = m_pending.constFind(txnId);
    return it != m_pending.cend() && (it->request || it->encrypting);
}

void Outbox::transmit(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    switch (readiness(it->roomId)) {
    case RoomReadiness::Unknown:
        // Stays at the head of its room's queue (and in the store) until a sync brings the room's state.
        if (!it->waitingForState)
            qCInfo(lcOutbox) << "message" << txnId << "waits for its room's state";
        it->waitingForState = true;
        return;
    case RoomReadiness::Clear:
        it->waitingForState = false;
        send(txnId, it->type, it->content);
        return;
    case RoomReadiness::Encrypted:
        it->waitingForState = false;
        break;
    }
    // An encrypted room: encrypted, or not sent at all.
    if (!m_encryptor) {
        m_queues[it->roomId].removeOne(txnId);
        markFailed(txnId, MatrixError::encryption(QStringLiteral("no end-to-end encryption on this device")));
        pump(it->roomId);
        return;
    }
    it->encrypting = true;
    QPointer<Outbox> self(this);
    m_encryptor->encrypt(it->roomId, it->type, it->content, [self, txnId](const RoomEncryptor::Result &result) {
        if (!self)
            return;
        auto it = self->m_pending.find(txnId);
        if (it == self->m_pending.end())
            return;
        it->encrypting = false;
        if (!result.ok) {
            self->encryptionFailed(txnId, result.error);
            return;
        }
        it->encryptAttempts = 0;
        self->send(txnId, QStringLiteral("m.room.encrypted"), result.content);
    });
}

void Outbox::encryptionFailed(const QString &txnId, const MatrixError &error)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    const QString roomId = it->roomId;
    it->encryptAttempts += 1;
    if (error.isTransient() && m_retry.shouldRetry(it->encryptAttempts, error)) {
        const int delay = m_retry.delayAfter(it->encryptAttempts, error);
        qCInfo(lcOutbox) << "message" << txnId << "not encrypted yet:" << error.message << "- retrying in" << delay
                         << "ms";
        it->encrypting = true; // still this room's message in progress
        QPointer<Outbox> self(this);
        QTimer::singleShot(delay, this, [self, txnId] {
            if (!self)
                return;
            auto it = self->m_pending.find(txnId);
            if (it == self->m_pending.end())
                return;
            it->encrypting = false;
            self->transmit(txnId);
        });
        return;
    }
    qCWarning(lcOutbox) << "message" << txnId << "could not be encrypted:" << error.message;
    m_queues[roomId].removeOne(txnId);
    markFailed(txnId, error.kind == MatrixError::Kind::Encryption ? error : MatrixError::encryption(error.message));
    pump(roomId);
}

void Outbox::send(const QString &txnId, const QString &type, const QJsonObject &content)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    PendingRequest *request = m_api->sendEvent(it->roomId, type, txnId, content, m_retry);
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
        QString eventId;
        MatrixError error = response.error;
        if (response.ok()) {
            eventId = response.json().value(QLatin1String("event_id")).toString();
            if (eventId.isEmpty())
                error = MatrixError::invalidResponse(QStringLiteral("send answered without an event_id"));
        }
        if (error.ok()) {
            OutboxUpdate sentUpdate = update(OutboxUpdate::Kind::Sent, txnId);
            sentUpdate.eventId = eventId;
            m_pending.erase(it);
            if (m_journal)
                m_journal->remove(txnId);
            emit updated(sentUpdate);
            emit sent(roomId, txnId, eventId);
            pump(roomId);
            return;
        }
        qCWarning(lcOutbox) << "message" << txnId << "failed:" << error.httpStatus << error.errcode;
        markFailed(txnId, error);
        pump(roomId);
    });
}

} // namespace estafette
