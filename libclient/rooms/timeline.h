#pragma once

#include "events/event.h"
#include "net/matrix_error.h"
#include "rooms/aggregations.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

namespace estafette {

enum class SendState { None, Sending, Sent, Failed };

struct TimelineItem {
    enum class Type { Event, Gap, LocalEcho };
    Type type = Type::Event;
    Event event;            // Event and LocalEcho (echo: a synthesized event with our sender and content)
    QString gapToken;       // Gap: prev_batch token to paginate backwards from to fill it
    QString transactionId;  // LocalEcho, and kept on the server event that replaced it
    SendState sendState = SendState::None;
    MatrixError sendError;  // Failed
    // LocalEcho of an attachment being uploaded: bytes sent so far of the total (0 / 0 when nothing is being
    // transferred, e.g. a text message, or once the server took it).
    qint64 transferredBytes = 0;
    qint64 transferTotalBytes = 0;
};

// Ordered events of one room: sync appends at the bottom, back-pagination prepends at the top,
// a limited sync leaves a Gap item, our own messages appear first as local echoes and are replaced
// in place by the server's event. Events already present (same event id) are never added twice.
// Emits exact row signals so a model can forward them.
// Relations are not rows: edits, reactions and redactions are folded (Aggregations) into the event they point
// at, whatever order they arrive in, and that event's row changes (itemChanged). A redacted event keeps its row,
// in its redacted form. Rows are found by event id through an index, not by scanning.
class Timeline : public QObject {
    Q_OBJECT
public:
    explicit Timeline(QObject *parent = nullptr);

    int size() const { return m_items.size(); }
    const TimelineItem &at(int row) const { return m_items.at(row); }
    bool containsEvent(const QString &eventId) const { return m_eventIds.contains(eventId); }
    int rowOfTransaction(const QString &txnId) const; // -1 when absent
    int rowOfEvent(const QString &eventId) const;     // the row showing this event, -1 when none does
    // Edits, reactions and pending redactions of the rows' events.
    const Aggregations &aggregations() const { return m_aggregations; }
    // Whose reactions are "ours" (to toggle them); set by the room.
    void setOwnUserId(const QString &userId) { m_aggregations.setOwnUserId(userId); }
    // Who may redact others' events (the room's power levels); set by the room.
    void setRedactPermission(Aggregations::RedactPermission permission)
    {
        m_aggregations.setRedactPermission(std::move(permission));
    }

    // Token to paginate backwards from the top; empty when the room's beginning is reached or unknown.
    QString topToken() const { return m_topToken; }
    bool atBeginning() const { return m_atBeginning; }

    // Sync: `events` chronological. When `limited`, a Gap with `prevBatch` separates older items
    // (only if there are older items, and the first new event is not already known).
    // With no items yet, prevBatch becomes the top token.
    // An event whose unsigned.transaction_id matches a local echo, or whose event id is the one markSent()
    // gave an echo, replaces that echo in place (itemChanged). New events are inserted above the trailing
    // run of local echoes, so messages still being sent stay at the bottom.
    void appendFromSync(const QList<Event> &events, bool limited, const QString &prevBatch);
    // /messages dir=b from topToken(): `chunk` newest-first as the server sends it; `end` the next token
    // (empty: beginning reached).
    void prependPage(const QList<Event> &chunk, const QString &end);
    // /messages dir=b from the gap's token: `chunk` newest-first. The events are the newest of the missing
    // ones, so they go right below the gap (between it and the newer items), in chronological order. When an
    // event is already known (events older than it are dropped), or `end` is empty, the gap is closed
    // (removed); otherwise the gap stays above them and its token becomes `end`. A row that is not a Gap
    // is ignored.
    void fillGap(int gapRow, const QList<Event> &chunk, const QString &end);

    void addLocalEcho(const QString &txnId, const Event &echo);
    void setSendState(const QString &txnId, SendState state, const MatrixError &error = {});
    // PUT /send answered with an event id: the echo keeps its row and learns its event id, and the content as
    // sent when given (an attachment's echo then names its uploads).
    void markSent(const QString &txnId, const QString &eventId, const QJsonObject &content = {});
    void removeLocalEcho(const QString &txnId);
    // Upload progress of an echo (itemChanged); ignored once the echo was replaced by the server's event.
    void setTransferProgress(const QString &txnId, qint64 transferred, qint64 total);
    // An event shown already, in a new form (decrypted once its key arrived): same row, itemChanged().
    // False when the event is not in the timeline.
    bool replaceEvent(const QString &eventId, const Event &event);

signals:
    void aboutToInsert(int first, int last);
    void inserted(int first, int last);
    void aboutToRemove(int first, int last);
    void removed(int first, int last);
    void itemChanged(int row);
    // A row's event was redacted (shown as deleted from now on).
    void eventRedacted(const QString &eventId);

private:
    void insertItems(int row, const QList<TimelineItem> &items);
    void removeRow(int row);
    int appendRow() const;                        // above the trailing local echoes
    int echoRowFor(const Event &event) const;     // local echo this server event replaces, or -1
    void replaceEcho(int row, const Event &event);
    // Folded events (relations, redactions) go to the aggregations after `rows` are inserted; rows that a
    // redaction seen earlier deletes are inserted redacted.
    QList<Event> takeFolded(QList<TimelineItem> &rows);
    void absorb(const QList<Event> &folded);
    void absorbOne(const Event &event, const QString &txnId = {});
    void changed(const QStringList &eventIds);
    void redactRow(int row, const Event &redaction);
    void noteReply(const TimelineItem &item);
    TimelineItem prepared(const Event &event) const; // a row for `event`, redacted when a redaction was seen
    QList<TimelineItem> m_items;
    QSet<QString> m_eventIds;                 // rows' and folded events' ids
    Aggregations m_aggregations;
    QHash<QString, QStringList> m_repliesTo;  // event id -> ids of the rows replying to it
    mutable QHash<QString, int> m_rowOf;      // event id -> row; rebuilt when rows moved (m_rowsMoved)
    mutable bool m_rowsMoved = false;
    QString m_topToken;
    bool m_atBeginning = false;
};

} // namespace estafette
