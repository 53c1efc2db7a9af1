#pragma once

#include "events/event.h"

#include <QJsonObject>
#include <QString>

namespace estafette {

// What an event's content.m.relates_to says (for an encrypted event, the copy kept in the clear).
struct Relation {
    enum class Type {
        None,       // no m.relates_to, or one that names no event
        Replace,    // m.replace: an edit (m.new_content)
        Annotation, // m.annotation: a reaction (key)
        Reference,  // m.reference
        Thread,     // m.thread (shown in the main timeline for now)
        Other,      // a rel_type we don't aggregate
    };
    Type type = Type::None;
    QString eventId;   // the event it relates to (empty for None)
    QString key;       // Annotation: the reaction's key (an emoji)
    QString inReplyTo; // m.in_reply_to.event_id: the message it replies to (any type, also with a thread)

    // Folded into the event it points at instead of being a timeline row of its own.
    bool isAggregated() const { return type == Type::Replace || type == Type::Annotation; }
};

Relation relationOf(const Event &event);

// Whether the event is shown through the event it points at rather than as a timeline row of its own: an edit,
// a reaction, a redaction, or an encrypted event whose clear m.relates_to says it is an edit or a reaction.
bool isFoldedRelation(const Event &event);
// The event a folded relation points at (a redaction: the event it deletes); empty for anything else.
QString foldedTarget(const Event &event);
// The same from a content object (an outgoing message's content, an m.new_content, …).
Relation relationOfContent(const QJsonObject &content);

// How an outgoing reaction, edit, reply or deletion names a message that is still in the outbox (has no event id
// yet): "txn:<its transaction id>", replaced by the event id before it goes out.
QString pendingEventRef(const QString &transactionId);
bool isPendingEventRef(const QString &id);
// `content` of an outgoing event of `type` with the message it relates to (or deletes) named `eventId`: the
// m.relates_to event_id (m.in_reply_to's for a plain reply), or a redaction's "redacts".
QJsonObject withRelationTarget(const QString &type, const QJsonObject &content, const QString &eventId);

// m.relates_to of an outgoing reply, edit or reaction.
QJsonObject replyRelation(const QString &eventId);
QJsonObject replaceRelation(const QString &eventId);
QJsonObject annotationRelation(const QString &eventId, const QString &key);

} // namespace estafette
