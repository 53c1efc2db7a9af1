#include "rooms/message_actions.h"

#include "events/relation.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "rooms/timeline.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMessageActions, "estafette.messageactions")

namespace estafette {

namespace {

const QString kMessage = QStringLiteral("m.room.message");
const QString kReaction = QStringLiteral("m.reaction");
const QString kRedaction = QStringLiteral("m.room.redaction");

} // namespace

MessageActions::MessageActions(Outbox *outbox, RoomList *rooms, const QString &ownUserId, QObject *parent)
    : QObject(parent), m_outbox(outbox), m_rooms(rooms), m_ownUserId(ownUserId)
{
}

MessageActions::Target MessageActions::targetOf(const TimelineItem &item)
{
    if (item.type == TimelineItem::Type::Gap)
        return {};
    return Target{item.event.eventId(), item.transactionId};
}

Timeline *MessageActions::timelineOf(const QString &roomId) const
{
    Room *room = m_rooms->room(roomId);
    return room ? room->timeline() : nullptr;
}

QString MessageActions::reference(const Target &target, QString *dependsOn) const
{
    dependsOn->clear();
    if (!target.eventId.isEmpty())
        return target.eventId;
    *dependsOn = target.txnId;
    return pendingEventRef(target.txnId);
}

QString MessageActions::toggleReaction(const QString &roomId, const Target &target, const QString &key)
{
    Timeline *timeline = timelineOf(roomId);
    if (!timeline || !target.isValid() || key.isEmpty())
        return {};
    const QString ref = target.eventId.isEmpty() ? pendingEventRef(target.txnId) : target.eventId;
    for (const ReactionGroup &group : timeline->aggregations().reactions(ref)) {
        if (group.key != key || !group.includesOwn())
            continue;
        // Ours already: taken back (cancelled if it has not gone out, else redacted).
        return redact(roomId, Target{group.ownEventId, group.ownTxnId});
    }
    QString dependsOn;
    const QString eventId = reference(target, &dependsOn);
    const QJsonObject content{{QStringLiteral("m.relates_to"), annotationRelation(eventId, key)}};
    return m_outbox->sendEvent(roomId, kReaction, content, dependsOn);
}

QString MessageActions::edit(const QString &roomId, const Target &target, const QJsonObject &newContent)
{
    if (!target.isValid())
        return {};
    QString dependsOn;
    const QString eventId = reference(target, &dependsOn);
    QJsonObject newBody = newContent;
    newBody.remove(QStringLiteral("m.relates_to")); // what the original relates to never changes
    QJsonObject content{
        {QStringLiteral("msgtype"), newContent.value(QLatin1String("msgtype")).toString(QStringLiteral("m.text"))},
        {QStringLiteral("body"), QStringLiteral("* ") + newContent.value(QLatin1String("body")).toString()},
        {QStringLiteral("m.new_content"), newBody},
        {QStringLiteral("m.relates_to"), replaceRelation(eventId)},
    };
    if (newContent.contains(QLatin1String("formatted_body"))) {
        content.insert(QStringLiteral("format"), newContent.value(QLatin1String("format")));
        content.insert(QStringLiteral("formatted_body"),
                       QStringLiteral("* ") + newContent.value(QLatin1String("formatted_body")).toString());
    }
    // Mentions: an edit notifies nobody again (the spec's rule: only the new content's mentions count).
    content.insert(QStringLiteral("m.mentions"), QJsonObject());
    return m_outbox->sendEvent(roomId, kMessage, content, dependsOn);
}

QString MessageActions::reply(const QString &roomId, const Target &target, const QJsonObject &content)
{
    if (!target.isValid())
        return m_outbox->sendEvent(roomId, kMessage, content);
    QString dependsOn;
    const QString eventId = reference(target, &dependsOn);
    QJsonObject withReply = content;
    withReply.insert(QStringLiteral("m.relates_to"), replyRelation(eventId));
    return m_outbox->sendEvent(roomId, kMessage, withReply, dependsOn);
}

QString MessageActions::redact(const QString &roomId, const Target &target, const QString &reason)
{
    if (!target.isValid())
        return {};
    // Not gone out yet: nobody else will ever see it.
    if (!target.txnId.isEmpty() && m_outbox->isCancellable(target.txnId) && m_outbox->cancel(target.txnId))
        return {};
    QString dependsOn;
    const QString eventId = !target.eventId.isEmpty() ? target.eventId : reference(target, &dependsOn);
    QJsonObject content{{QStringLiteral("redacts"), eventId}};
    if (!reason.trimmed().isEmpty())
        content.insert(QStringLiteral("reason"), reason.trimmed());
    return m_outbox->sendEvent(roomId, kRedaction, content, dependsOn);
}

bool MessageActions::canEdit(const QString &roomId, const TimelineItem &item) const
{
    Q_UNUSED(roomId)
    if (item.type == TimelineItem::Type::Gap || item.event.sender() != m_ownUserId || item.event.isRedacted())
        return false;
    // Text messages (and captions): not state, not an undecrypted event.
    return item.event.kind() == EventKind::Message && relationOf(item.event).type != Relation::Type::Replace;
}

bool MessageActions::canRedact(const QString &roomId, const TimelineItem &item) const
{
    if (item.type == TimelineItem::Type::Gap || item.event.isRedacted())
        return false;
    if (item.event.isState())
        return false; // deleting state (a name, a membership) is an administrator's tool, not a message action
    if (item.event.sender() == m_ownUserId)
        return true;
    Room *room = m_rooms->room(roomId);
    return room && !item.event.eventId().isEmpty() && room->state().powerLevels().canRedactOthers(m_ownUserId);
}

} // namespace estafette
