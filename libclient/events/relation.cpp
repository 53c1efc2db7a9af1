#include "events/relation.h"

#include "events/redaction.h"

#include <QJsonValue>

namespace estafette {

namespace {

QString stringOf(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

} // namespace

Relation relationOfContent(const QJsonObject &content)
{
    Relation relation;
    const QJsonValue value = content.value(QLatin1String("m.relates_to"));
    if (!value.isObject())
        return relation;
    const QJsonObject relatesTo = value.toObject();
    relation.inReplyTo = stringOf(relatesTo.value(QLatin1String("m.in_reply_to")).toObject(), QLatin1String("event_id"));
    const QString relType = stringOf(relatesTo, QLatin1String("rel_type"));
    const QString eventId = stringOf(relatesTo, QLatin1String("event_id"));
    if (relType.isEmpty() || eventId.isEmpty())
        return relation;
    relation.eventId = eventId;
    if (relType == QLatin1String("m.replace")) {
        relation.type = Relation::Type::Replace;
    } else if (relType == QLatin1String("m.annotation")) {
        relation.key = stringOf(relatesTo, QLatin1String("key"));
        // A reaction without a key aggregates into nothing: not a relation we can show.
        relation.type = relation.key.isEmpty() ? Relation::Type::Other : Relation::Type::Annotation;
    } else if (relType == QLatin1String("m.reference")) {
        relation.type = Relation::Type::Reference;
    } else if (relType == QLatin1String("m.thread")) {
        relation.type = Relation::Type::Thread;
        // A threaded message's in-thread reply marker (is_falling_back) is not a reply to show.
        if (relatesTo.value(QLatin1String("is_falling_back")).toBool(false))
            relation.inReplyTo.clear();
    } else {
        relation.type = Relation::Type::Other;
    }
    return relation;
}

Relation relationOf(const Event &event)
{
    // State events never aggregate (an edit of a state event is not a thing).
    if (event.isState())
        return {};
    return relationOfContent(event.content());
}

bool isFoldedRelation(const Event &event)
{
    if (event.isState())
        return false;
    switch (event.kind()) {
    case EventKind::Redaction:
    case EventKind::Reaction:
        return true;
    case EventKind::Message:
    case EventKind::Encrypted:
        return relationOf(event).isAggregated();
    default:
        return false;
    }
}

QString foldedTarget(const Event &event)
{
    if (!isFoldedRelation(event))
        return {};
    if (event.kind() == EventKind::Redaction)
        return redactedEventId(event);
    return relationOf(event).eventId;
}

QString pendingEventRef(const QString &transactionId)
{
    return QStringLiteral("txn:") + transactionId;
}

bool isPendingEventRef(const QString &id)
{
    return id.startsWith(QLatin1String("txn:"));
}

QJsonObject withRelationTarget(const QString &type, const QJsonObject &content, const QString &eventId)
{
    QJsonObject out = content;
    if (type == QLatin1String("m.room.redaction")) {
        out.insert(QStringLiteral("redacts"), eventId);
        return out;
    }
    QJsonObject relatesTo = out.value(QLatin1String("m.relates_to")).toObject();
    if (relatesTo.contains(QLatin1String("rel_type"))) {
        relatesTo.insert(QStringLiteral("event_id"), eventId);
    } else if (relatesTo.contains(QLatin1String("m.in_reply_to"))) {
        QJsonObject inReplyTo = relatesTo.value(QLatin1String("m.in_reply_to")).toObject();
        inReplyTo.insert(QStringLiteral("event_id"), eventId);
        relatesTo.insert(QStringLiteral("m.in_reply_to"), inReplyTo);
    } else {
        return out;
    }
    out.insert(QStringLiteral("m.relates_to"), relatesTo);
    return out;
}

QJsonObject replyRelation(const QString &eventId)
{
    return QJsonObject{{QStringLiteral("m.in_reply_to"), QJsonObject{{QStringLiteral("event_id"), eventId}}}};
}

QJsonObject replaceRelation(const QString &eventId)
{
    return QJsonObject{{QStringLiteral("rel_type"), QStringLiteral("m.replace")},
                       {QStringLiteral("event_id"), eventId}};
}

QJsonObject annotationRelation(const QString &eventId, const QString &key)
{
    return QJsonObject{{QStringLiteral("rel_type"), QStringLiteral("m.annotation")},
                       {QStringLiteral("event_id"), eventId},
                       {QStringLiteral("key"), key}};
}

} // namespace estafette
