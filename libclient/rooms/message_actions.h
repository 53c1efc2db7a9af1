#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace estafette {

class Outbox;
class RoomList;
class Timeline;
struct TimelineItem;

// What a person does to a message: react (and take the reaction back), edit, reply, delete. Builds the events
// the spec wants (m.annotation, m.replace with m.new_content, m.in_reply_to, m.room.redaction) and hands them to
// the outbox, which sends them in order, encrypted where the room is (a deletion never is). A message still in the
// outbox is named by its transaction id: what relates to it waits for its event id; deleting it, or a reaction of
// ours to it, while it has not gone out simply cancels it.
class MessageActions : public QObject {
    Q_OBJECT
public:
    MessageActions(Outbox *outbox, RoomList *rooms, const QString &ownUserId, QObject *parent = nullptr);

    // The message shown at this row of the room's timeline: its event id, or its transaction id while pending.
    struct Target {
        QString eventId;
        QString txnId;
        bool isValid() const { return !eventId.isEmpty() || !txnId.isEmpty(); }
    };
    static Target targetOf(const TimelineItem &item);

    // Adds our reaction with `key`, or takes it back when we reacted so already. Returns the transaction id of
    // what was sent (empty when it was only cancelled, or nothing could be done).
    QString toggleReaction(const QString &roomId, const Target &target, const QString &key);
    // Replaces the text of one of our messages: `newContent` is the message's full new content (msgtype, body,
    // formatted body, mentions), sent as m.new_content with a "* " fallback for clients without edits.
    QString edit(const QString &roomId, const Target &target, const QJsonObject &newContent);
    // A new message answering `target` (no reply fallback: the current spec drops it).
    QString reply(const QString &roomId, const Target &target, const QJsonObject &content);
    // Deletes a message (ours, or anyone's for a moderator): cancelled when it has not gone out yet, redacted
    // otherwise, with an optional reason.
    QString redact(const QString &roomId, const Target &target, const QString &reason = {});

    // Whether the rules let us edit / delete this row's message (ours and not deleted; or deleting others' with
    // the room's "redact" power).
    bool canEdit(const QString &roomId, const TimelineItem &item) const;
    bool canRedact(const QString &roomId, const TimelineItem &item) const;

private:
    // The reference to put in an outgoing event, and the entry it must wait for ("" when it has an event id).
    QString reference(const Target &target, QString *dependsOn) const;
    Timeline *timelineOf(const QString &roomId) const;
    Outbox *m_outbox;
    RoomList *m_rooms;
    QString m_ownUserId;
};

} // namespace estafette
