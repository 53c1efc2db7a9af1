#include "rooms/local_echo_applier.h"

#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"

namespace estafette {

LocalEchoApplier::LocalEchoApplier(Outbox *outbox, RoomList *rooms, QObject *parent)
    : QObject(parent), m_rooms(rooms)
{
    connect(outbox, &Outbox::updated, this, &LocalEchoApplier::apply);
    connect(rooms, &RoomList::roomAdded, this, [this](Room *room, int) { roomAdded(room); });
}

void LocalEchoApplier::show(Room *room, const QString &txnId, const Echo &echo)
{
    Timeline *timeline = room->timeline();
    timeline->addLocalEcho(txnId, echo.event); // once: a second call does nothing
    if (echo.state != SendState::Sending)
        timeline->setSendState(txnId, echo.state, echo.error);
    if (echo.total > 0)
        timeline->setTransferProgress(txnId, echo.transferred, echo.total);
}

void LocalEchoApplier::roomAdded(Room *room)
{
    for (const QString &txnId : std::as_const(m_order)) {
        const Echo &echo = m_echoes[txnId];
        if (echo.roomId == room->id())
            show(room, txnId, echo);
    }
}

void LocalEchoApplier::apply(const OutboxUpdate &update)
{
    const QString &txnId = update.transactionId;
    Room *room = m_rooms->room(update.roomId);
    Timeline *timeline = room ? room->timeline() : nullptr;
    if (update.kind == OutboxUpdate::Kind::Queued) {
        Echo echo;
        echo.roomId = update.roomId;
        echo.event = update.echo;
        if (!m_echoes.contains(txnId))
            m_order.append(txnId);
        m_echoes.insert(txnId, echo);
        if (room)
            show(room, txnId, echo);
        return;
    }
    auto it = m_echoes.find(txnId);
    if (it == m_echoes.end())
        return;
    switch (update.kind) {
    case OutboxUpdate::Kind::Queued:
    case OutboxUpdate::Kind::Accepted:
        return;
    case OutboxUpdate::Kind::Sending:
        it->state = SendState::Sending;
        it->error = {};
        if (timeline)
            timeline->setSendState(txnId, SendState::Sending);
        return;
    case OutboxUpdate::Kind::Progress:
        it->transferred = update.transferred;
        it->total = update.total;
        if (timeline)
            timeline->setTransferProgress(txnId, update.transferred, update.total);
        return;
    case OutboxUpdate::Kind::Failed:
        it->state = SendState::Failed;
        it->error = update.error;
        if (timeline)
            timeline->setSendState(txnId, SendState::Failed, update.error);
        return;
    case OutboxUpdate::Kind::Sent:
        if (timeline)
            timeline->markSent(txnId, update.eventId, update.content);
        break;
    case OutboxUpdate::Kind::Cancelled:
        if (timeline)
            timeline->removeLocalEcho(txnId);
        break;
    }
    // Out of the outbox: nothing more will happen to it.
    m_echoes.erase(it);
    m_order.removeOne(txnId);
}

} // namespace estafette
