#include "rooms/timeline.h"

#include "events/redaction.h"
#include "events/relation.h"

#include <algorithm>

namespace estafette {

namespace {

// Index entries below an insertion or removal are shifted in place when this few rows follow it (the usual
// case: a message arriving above our own echoes); otherwise the index is rebuilt at the next lookup.
constexpr int kShiftInPlace = 64;

} // namespace

Timeline::Timeline(QObject *parent) : QObject(parent) {}

TimelineItem Timeline::prepared(const Event &event) const
{
    TimelineItem item;
    item.type = TimelineItem::Type::Event;
    item.event = event;
    if (std::optional<Event> redaction = m_aggregations.pendingRedactionFor(event))
        item.event = redactedEvent(event, *redaction);
    return item;
}

int Timeline::rowOfEvent(const QString &eventId) const
{
    if (eventId.isEmpty())
        return -1;
    if (isPendingEventRef(eventId)) // a message still in the outbox, by its transaction id
        return rowOfTransaction(eventId.mid(4));
    if (!m_rowsMoved) {
        const auto it = m_rowOf.constFind(eventId);
        if (it == m_rowOf.constEnd())
            return -1;
        if (*it >= 0 && *it < m_items.size() && m_items.at(*it).event.eventId() == eventId)
            return *it;
    }
    m_rowOf.clear();
    for (int row = 0; row < m_items.size(); ++row) {
        const TimelineItem &item = m_items.at(row);
        if (item.type != TimelineItem::Type::Gap && !item.event.eventId().isEmpty())
            m_rowOf.insert(item.event.eventId(), row);
    }
    m_rowsMoved = false;
    return m_rowOf.value(eventId, -1);
}

QList<Event> Timeline::takeFolded(QList<TimelineItem> &rows)
{
    QList<Event> folded;
    for (qsizetype i = 0; i < rows.size();) {
        const TimelineItem &item = rows.at(i);
        if (item.type == TimelineItem::Type::Event && isFoldedRelation(item.event)) {
            folded.append(item.event);
            m_eventIds.insert(item.event.eventId());
            rows.removeAt(i);
        } else {
            ++i;
        }
    }
    return folded;
}

void Timeline::absorb(const QList<Event> &folded)
{
    for (const Event &event : folded)
        absorbOne(event);
}

void Timeline::absorbOne(const Event &event, const QString &txnId)
{
    const Aggregations::Change change = m_aggregations.absorb(event, txnId, [this](const QString &id) {
        const int row = rowOfEvent(id);
        return row >= 0 ? std::optional<Event>(m_items.at(row).event) : std::nullopt;
    });
    if (!change.redactedTarget.isEmpty()) {
        const int row = rowOfEvent(change.redactedTarget);
        if (row >= 0)
            redactRow(row, event);
    }
    changed(change.targets);
}

void Timeline::redactRow(int row, const Event &redaction)
{
    TimelineItem &item = m_items[row];
    if (item.event.isRedacted())
        return;
    const QString eventId = item.event.eventId();
    item.event = redactedEvent(item.event, redaction);
    emit itemChanged(row);
    emit eventRedacted(eventId);
    changed(m_repliesTo.value(eventId));
}

void Timeline::changed(const QStringList &eventIds)
{
    QSet<int> rows;
    for (const QString &id : eventIds) {
        const int row = rowOfEvent(id);
        if (row >= 0)
            rows.insert(row);
        // A reply quotes its original: an edit or a deletion of the original changes the reply's quote.
        for (const QString &reply : m_repliesTo.value(id)) {
            const int replyRow = rowOfEvent(reply);
            if (replyRow >= 0)
                rows.insert(replyRow);
        }
    }
    QList<int> sorted(rows.cbegin(), rows.cend());
    std::sort(sorted.begin(), sorted.end());
    for (int row : sorted)
        emit itemChanged(row);
}

void Timeline::noteReply(const TimelineItem &item)
{
    const QString eventId = item.event.eventId();
    if (eventId.isEmpty())
        return;
    const QString target = relationOf(item.event).inReplyTo;
    if (!target.isEmpty() && !m_repliesTo.value(target).contains(eventId))
        m_repliesTo[target].append(eventId);
}

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
    if (!m_rowsMoved)
        m_rowOf.insert(event.eventId(), row);
    if (!item.transactionId.isEmpty())
        m_aggregations.retarget(pendingEventRef(item.transactionId), event.eventId());
    noteReply(item);
    emit itemChanged(row);
}

bool Timeline::replaceEvent(const QString &eventId, const Event &event)
{
    if (eventId.isEmpty() || !m_eventIds.contains(eventId))
        return false;
    const int row = rowOfEvent(eventId);
    if (isFoldedRelation(event)) {
        // Decrypted into what it is: a relation (its clear m.relates_to had said so, so it was folded already).
        if (row >= 0)
            removeRow(row);
        m_eventIds.insert(eventId);
        absorbOne(event);
        return true;
    }
    if (row < 0)
        return false;
    TimelineItem &item = m_items[row];
    if (item.event.isRedacted())
        return true; // deleted meanwhile: its decrypted content is not shown again
    item = [&] {
        TimelineItem fresh = prepared(event);
        fresh.transactionId = item.transactionId;
        fresh.sendState = item.sendState;
        return fresh;
    }();
    noteReply(item);
    emit itemChanged(row);
    changed(m_repliesTo.value(eventId));
    return true;
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
    QList<Event> folded;
    for (const Event &event : events) {
        if (isFoldedRelation(event)) {
            if (!containsEvent(event.eventId()) || !event.transactionId().isEmpty())
                folded.append(event);
            m_eventIds.insert(event.eventId());
            continue;
        }
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
        run.append(prepared(event));
    }
    flush();
    absorb(folded);
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
        items.append(prepared(*it));
    }
    const QList<Event> folded = takeFolded(items);
    m_topToken = end;
    m_atBeginning = end.isEmpty();
    insertItems(0, items);
    absorb(folded);
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
        items.append(prepared(event));
    }
    std::reverse(items.begin(), items.end());
    const QList<Event> folded = takeFolded(items);

    if (reachedKnown || end.isEmpty()) {
        removeRow(gapRow);
        insertItems(gapRow, items);
    } else {
        insertItems(gapRow + 1, items);
        m_items[gapRow].gapToken = end;
        emit itemChanged(gapRow);
    }
    absorb(folded);
}

void Timeline::addLocalEcho(const QString &txnId, const Event &echo)
{
    if (txnId.isEmpty() || rowOfTransaction(txnId) >= 0)
        return;
    if (isFoldedRelation(echo)) { // our reaction, edit or deletion: shown on its target at once
        absorbOne(echo, txnId);
        return;
    }
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
    if (row < 0) {
        if (!eventId.isEmpty())
            m_eventIds.insert(eventId);
        changed({m_aggregations.echoSent(txnId, eventId)});
        return;
    }
    TimelineItem &item = m_items[row];
    if (item.type != TimelineItem::Type::LocalEcho)
        return; // the sync was faster and already replaced the echo
    if (!eventId.isEmpty() || !content.isEmpty()) {
        QJsonObject json = item.event.json();
        if (!eventId.isEmpty()) {
            json.insert(QStringLiteral("event_id"), eventId);
            m_eventIds.insert(eventId);
            if (!m_rowsMoved)
                m_rowOf.insert(eventId, row);
            m_aggregations.retarget(pendingEventRef(txnId), eventId);
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
    else if (row < 0)
        changed({m_aggregations.dropEcho(txnId)});
}

void Timeline::insertItems(int row, const QList<TimelineItem> &items)
{
    if (items.isEmpty())
        return;
    const int last = row + int(items.size()) - 1;
    const int following = int(m_items.size()) - row; // rows pushed down by the insertion
    emit aboutToInsert(row, last);
    m_items.insert(row, items.size(), TimelineItem());
    for (int i = 0; i < items.size(); ++i)
        m_items[row + i] = items.at(i);
    if (following > kShiftInPlace) {
        m_rowsMoved = true;
    } else if (!m_rowsMoved) {
        for (int r = row; r < m_items.size(); ++r) {
            const QString &id = m_items.at(r).event.eventId();
            if (m_items.at(r).type != TimelineItem::Type::Gap && !id.isEmpty())
                m_rowOf.insert(id, r);
        }
    }
    for (const TimelineItem &item : items) {
        if (item.type == TimelineItem::Type::Event && !item.event.eventId().isEmpty())
            m_eventIds.insert(item.event.eventId());
        noteReply(item);
    }
    emit inserted(row, last);
    // Replies already shown quote these now.
    QStringList loaded;
    for (const TimelineItem &item : items) {
        if (!item.event.eventId().isEmpty() && m_repliesTo.contains(item.event.eventId()))
            loaded.append(item.event.eventId());
    }
    for (const QString &id : std::as_const(loaded)) {
        for (const QString &reply : m_repliesTo.value(id)) {
            const int replyRow = rowOfEvent(reply);
            if (replyRow >= 0)
                emit itemChanged(replyRow);
        }
    }
}

void Timeline::removeRow(int row)
{
    emit aboutToRemove(row, row);
    const TimelineItem item = m_items.takeAt(row);
    if (!item.event.eventId().isEmpty()) {
        m_eventIds.remove(item.event.eventId());
        m_rowOf.remove(item.event.eventId());
    }
    if (int(m_items.size()) - row > kShiftInPlace) {
        m_rowsMoved = true;
    } else if (!m_rowsMoved) {
        for (int r = row; r < m_items.size(); ++r) {
            const QString &id = m_items.at(r).event.eventId();
            if (m_items.at(r).type != TimelineItem::Type::Gap && !id.isEmpty())
                m_rowOf.insert(id, r);
        }
    }
    emit removed(row, row);
}

} // namespace estafette
