#include "rooms/timeline.h"

#include <algorithm>

namespace estafette {

namespace {

TimelineItem eventItem(const Event &event)
{
    TimelineItem item;
    item.type = TimelineItem::Type::Event;
    item.event = event;
    return item;
}

} // namespace

Timeline::Timeline(QObject *parent) : QObject(parent) {}

int Timeline::rowOfTransaction(const QString &txnId) const
{
    if (txnId.isEmpty())
        return -1;
    for (int row = int(m_items.size()) - 1; row >= 0; --row) {
        if (m_items.at(row).transactionId == txnId)
            return row;
    }
    return -1;
}

int Timeline::appendRow() const
{
    int row = int(m_items.size());
    while (row > 0 && m_items.at(row - 1).type == TimelineItem::Type::LocalEcho)
        --row;
    return row;
}

int Timeline::echoRowFor(const Event &event) const
{
    const QString txnId = event.transactionId();
    const QString eventId = event.eventId();
    for (int row = int(m_items.size()) - 1; row >= 0; --row) {
        const TimelineItem &item = m_items.at(row);
        if (item.type != TimelineItem::Type::LocalEcho)
            continue;
        if (!txnId.isEmpty() && item.transactionId == txnId)
            return row;
        if (!eventId.isEmpty() && item.event.eventId() == eventId)
            return row;
    }
    return -1;
}

void Timeline::replaceEcho(int row, const Event &event)
{
    TimelineItem &item = m_items[row];
    item.type = TimelineItem::Type::Event;
    item.event = event;
    item.sendState = SendState::Sent;
    item.sendError = {};
    item.transferredBytes = 0;
    item.transferTotalBytes = 0;
    m_eventIds.insert(event.eventId());
    emit itemChanged(row);
}

bool Timeline::replaceEvent(const QString &eventId, const Event &event)
{
    if (eventId.isEmpty() || !m_eventIds.contains(eventId))
        return false;
    for (int row = m_items.size() - 1; row >= 0; --row) {
        TimelineItem &item = m_items[row];
        if (item.type != TimelineItem::Type::Gap && item.event.eventId() == eventId) {
            item.event = event;
            emit itemChanged(row);
            return true;
        }
    }
    return false;
}

void Timeline::appendFromSync(const QList<Event> &events, bool limited, const QString &prevBatch)
{
    const bool hadItems = std::any_of(m_items.cbegin(), m_items.cend(), [](const TimelineItem &item) {
        return item.type != TimelineItem::Type::LocalEcho;
    });
    if (!hadItems && m_topToken.isEmpty() && !m_atBeginning)
        m_topToken = prevBatch;

    QList<TimelineItem> run; // new items waiting to be inserted at appendRow()
    auto flush = [&] {
        if (!run.isEmpty()) {
            insertItems(appendRow(), run);
            run.clear();
        }
    };

    if (limited && hadItems && !prevBatch.isEmpty() && !events.isEmpty()
        && !containsEvent(events.first().eventId()) && echoRowFor(events.first()) < 0) {
        TimelineItem gap;
        gap.type = TimelineItem::Type::Gap;
        gap.gapToken = prevBatch;
        run.append(gap);
    }

    QSet<QString> seenInBatch;
    for (const Event &event : events) {
        const int echoRow = echoRowFor(event);
        if (echoRow >= 0) {
            flush();
            // Row numbers are stable: flush() only inserted at or above the trailing echoes, so recompute.
            replaceEcho(echoRowFor(event), event);
            continue;
        }
        const QString id = event.eventId();
        if (containsEvent(id) || seenInBatch.contains(id))
            continue;
        seenInBatch.insert(id);
        run.append(eventItem(event));
    }
    flush();
}

void Timeline::prependPage(const QList<Event> &chunk, const QString &end)
{
    QList<TimelineItem> items;
    QSet<QString> seen;
    for (auto it = chunk.crbegin(); it != chunk.crend(); ++it) { // oldest first
        const QString id = it->eventId();
        if (containsEvent(id) || seen.contains(id))
            continue;
        seen.insert(id);
        items.append(eventItem(*it));
    }
    m_topToken = end;
    m_atBeginning = end.isEmpty();
    insertItems(0, items);
}

void Timeline::fillGap(int gapRow, const QList<Event> &chunk, const QString &end)
{
    if (gapRow < 0 || gapRow >= m_items.size() || m_items.at(gapRow).type != TimelineItem::Type::Gap)
        return;
    QList<TimelineItem> items; // newest first while collecting
    QSet<QString> seen;
    bool reachedKnown = false;
    for (const Event &event : chunk) {
        const QString id = event.eventId();
        if (containsEvent(id)) {
            reachedKnown = true;
            break;
        }
        if (seen.contains(id))
            continue;
        seen.insert(id);
        items.append(eventItem(event));
    }
    std::reverse(items.begin(), items.end());

    if (reachedKnown || end.isEmpty()) {
        removeRow(gapRow);
        insertItems(gapRow, items);
    } else {
        insertItems(gapRow + 1, items);
        m_items[gapRow].gapToken = end;
        emit itemChanged(gapRow);
    }
}

void Timeline::addLocalEcho(const QString &txnId, const Event &echo)
{
    if (txnId.isEmpty() || rowOfTransaction(txnId) >= 0)
        return;
    TimelineItem item;
    item.type = TimelineItem::Type::LocalEcho;
    item.event = echo;
    item.transactionId = txnId;
    item.sendState = SendState::Sending;
    insertItems(int(m_items.size()), {item});
}

void Timeline::setSendState(const QString &txnId, SendState state, const MatrixError &error)
{
    const int row = rowOfTransaction(txnId);
    if (row < 0)
        return;
    TimelineItem &item = m_items[row];
    if (item.type != TimelineItem::Type::LocalEcho)
        return; // already replaced by the server's event: nothing left to report
    item.sendState = state;
    item.sendError = error;
    emit itemChanged(row);
}

void Timeline::markSent(const QString &txnId, const QString &eventId, const QJsonObject &content)
{
    const int row = rowOfTransaction(txnId);
    if (row < 0)
        return;
    TimelineItem &item = m_items[row];
    if (item.type != TimelineItem::Type::LocalEcho)
        return; // the sync was faster and already replaced the echo
    if (!eventId.isEmpty() || !content.isEmpty()) {
        QJsonObject json = item.event.json();
        if (!eventId.isEmpty()) {
            json.insert(QStringLiteral("event_id"), eventId);
            m_eventIds.insert(eventId);
        }
        // An attachment's echo learns the mxc URIs it was sent with, so it can be opened before the sync echoes it.
        if (!content.isEmpty())
            json.insert(QStringLiteral("content"), content);
        item.event = Event(json);
    }
    item.sendState = SendState::Sent;
    item.sendError = {};
    item.transferredBytes = 0;
    item.transferTotalBytes = 0;
    emit itemChanged(row);
}

void Timeline::setTransferProgress(const QString &txnId, qint64 transferred, qint64 total)
{
    const int row = rowOfTransaction(txnId);
    if (row < 0)
        return;
    TimelineItem &item = m_items[row];
    if (item.type != TimelineItem::Type::LocalEcho)
        return;
    if (item.transferredBytes == transferred && item.transferTotalBytes == total)
        return;
    item.transferredBytes = transferred;
    item.transferTotalBytes = total;
    emit itemChanged(row);
}

void Timeline::removeLocalEcho(const QString &txnId)
{
    const int row = rowOfTransaction(txnId);
    if (row >= 0 && m_items.at(row).type == TimelineItem::Type::LocalEcho)
        removeRow(row);
}

void Timeline::insertItems(int row, const QList<TimelineItem> &items)
{
    if (items.isEmpty())
        return;
    const int last = row + int(items.size()) - 1;
    emit aboutToInsert(row, last);
    for (int i = 0; i < items.size(); ++i) {
        const TimelineItem &item = items.at(i);
        if (item.type == TimelineItem::Type::Event && !item.event.eventId().isEmpty())
            m_eventIds.insert(item.event.eventId());
        m_items.insert(row + i, item);
    }
    emit inserted(row, last);
}

void Timeline::removeRow(int row)
{
    emit aboutToRemove(row, row);
    const TimelineItem item = m_items.takeAt(row);
    if (!item.event.eventId().isEmpty())
        m_eventIds.remove(item.event.eventId());
    emit removed(row, row);
}

} // namespace estafette
