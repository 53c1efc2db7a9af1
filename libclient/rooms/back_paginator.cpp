#include "rooms/back_paginator.h"

#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/history_source.h"
#include "rooms/room.h"

#include <QPointer>

namespace estafette {

namespace {

int rowOfGap(const Timeline *timeline, const QString &token)
{
    for (int row = 0; row < timeline->size(); ++row) {
        const TimelineItem &item = timeline->at(row);
        if (item.type == TimelineItem::Type::Gap && item.gapToken == token)
            return row;
    }
    return -1;
}

} // namespace

BackPaginator::BackPaginator(RoomApi *api, QObject *parent) : QObject(parent), m_api(api) {}

void BackPaginator::loadOlder(Room *room, int limit)
{
    if (!room || isLoading(room->id()))
        return;
    const Timeline *timeline = room->timeline();
    if (timeline->atBeginning() || timeline->topToken().isEmpty())
        return;
    const QString token = timeline->topToken();
    if (m_history && m_history->ownsToken(token)) {
        const QString roomId = room->id();
        m_loading.insert(roomId);
        QPointer<Room> guard(room);
        m_history->loadOlder(roomId, token, limit, [this, guard, roomId, token](const MessagesPage &page) {
            m_loading.remove(roomId);
            if (guard)
                applyPage(guard, token, false, page);
        });
        return;
    }
    request(room, token, limit, false);
}

void BackPaginator::fillGap(Room *room, int gapRow, int limit)
{
    if (!room || isLoading(room->id()))
        return;
    const Timeline *timeline = room->timeline();
    if (gapRow < 0 || gapRow >= timeline->size())
        return;
    const TimelineItem &item = timeline->at(gapRow);
    if (item.type != TimelineItem::Type::Gap || item.gapToken.isEmpty())
        return;
    request(room, item.gapToken, limit, true);
}

void BackPaginator::request(Room *room, const QString &from, int limit, bool intoGap)
{
    const QString roomId = room->id();
    m_loading.insert(roomId);
    PendingRequest *pending = m_api->messages(roomId, from, limit);
    QPointer<Room> guard(room);
    connect(pending, &PendingRequest::finished, this, [this, guard, roomId, from, intoGap](const HttpResponse &response) {
        if (!response.ok()) {
            m_loading.remove(roomId);
            emit failed(roomId, response.error);
            return;
        }
        const std::optional<MessagesPage> page = parseMessagesResponse(response.body);
        if (!page) {
            m_loading.remove(roomId);
            emit failed(roomId, MatrixError::invalidResponse(QStringLiteral("unreadable /messages response")));
            return;
        }
        if (!m_history) {
            m_loading.remove(roomId);
            if (guard) // else the room went away (left) meanwhile
                applyPage(guard, from, intoGap, *page);
            return;
        }
        // Decrypted and kept first, then shown.
        MessagesPage kept = *page;
        kept.start = from;
        QPointer<BackPaginator> self(this);
        m_history->keepServerPage(roomId, kept, [self, guard, roomId, from, intoGap](const MessagesPage &shown) {
            if (!self)
                return;
            self->m_loading.remove(roomId);
            if (guard)
                self->applyPage(guard, from, intoGap, shown);
        });
    });
}

void BackPaginator::applyPage(Room *room, const QString &from, bool intoGap, const MessagesPage &page)
{
    if (intoGap) {
        // Rows may have moved while loading (sync, other pages): find the gap again by its token.
        const int row = rowOfGap(room->timeline(), from);
        if (row < 0)
            return;
        room->applyMessagesPage(page, row);
    } else {
        if (room->timeline()->topToken() != from)
            return; // someone else already loaded this page
        room->applyMessagesPage(page, -1);
    }
    emit loaded(room->id(), int(page.chunk.size()));
}

} // namespace estafette
