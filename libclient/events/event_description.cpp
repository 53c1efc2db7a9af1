#include "events/event_description.h"

#include "events/event_encryption.h"
#include "events/relation.h"
#include "text/reply_fallback.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace estafette {

QString memberNameFor(const NameLookup &nameOf, const QString &userId)
{
    if (userId.isEmpty())
        return QCoreApplication::translate("EventDescription", "Someone");
    if (nameOf) {
        const QString name = nameOf(userId);
        if (!name.isEmpty())
            return name;
    }
    return userId;
}

namespace {

QString nameFor(const NameLookup &nameOf, const QString &userId)
{
    return memberNameFor(nameOf, userId);
}

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isString() ? v.toString() : QString();
}

QString describeMember(const Event &event, const NameLookup &nameOf)
{
    const MemberView member(event);
    const QString actor = nameFor(nameOf, event.sender());
    // The target's name: the new display name when one is given, else what the room knows, else the id.
    const QString targetId = member.userId();
    QString target = member.displayName();
    if (target.isEmpty())
        target = member.prevDisplayName();
    if (target.isEmpty())
        target = nameFor(nameOf, targetId);
    const QString membership = member.membership();
    const QString prev = member.prevMembership();
    const bool self = event.sender() == targetId;

    if (membership == QLatin1String("join")) {
        if (prev == QLatin1String("join")) {
            const QString oldName = member.prevDisplayName();
            const QString newName = member.displayName();
            if (oldName != newName) {
                const QString who = oldName.isEmpty() ? targetId : oldName;
                if (newName.isEmpty())
                    return QCoreApplication::translate("EventDescription", "%1 removed their display name").arg(who);
                if (oldName.isEmpty())
                    return QCoreApplication::translate("EventDescription", "%1 set their display name to %2").arg(who, newName);
                return QCoreApplication::translate("EventDescription", "%1 changed their display name to %2").arg(who, newName);
            }
            if (str(event.prevContent(), "avatar_url") != member.avatarUrl()) {
                if (member.avatarUrl().isEmpty())
                    return QCoreApplication::translate("EventDescription", "%1 removed their avatar").arg(target);
                return QCoreApplication::translate("EventDescription", "%1 changed their avatar").arg(target);
            }
            return QCoreApplication::translate("EventDescription", "%1 updated their profile").arg(target);
        }
        return QCoreApplication::translate("EventDescription", "%1 joined the room").arg(target);
    }
    if (membership == QLatin1String("invite"))
        return QCoreApplication::translate("EventDescription", "%1 invited %2").arg(actor, target);
    if (membership == QLatin1String("leave")) {
        if (self) {
            if (prev == QLatin1String("invite"))
                return QCoreApplication::translate("EventDescription", "%1 declined the invitation").arg(target);
            if (prev == QLatin1String("knock"))
                return QCoreApplication::translate("EventDescription", "%1 withdrew their request to join").arg(target);
            return QCoreApplication::translate("EventDescription", "%1 left the room").arg(target);
        }
        if (prev == QLatin1String("ban"))
            return QCoreApplication::translate("EventDescription", "%1 unbanned %2").arg(actor, target);
        if (prev == QLatin1String("invite"))
            return QCoreApplication::translate("EventDescription", "%1 withdrew the invitation of %2").arg(actor, target);
        const QString reason = member.reason();
        if (!reason.isEmpty())
            return QCoreApplication::translate("EventDescription", "%1 was kicked by %2: %3").arg(target, actor, reason);
        return QCoreApplication::translate("EventDescription", "%1 was kicked by %2").arg(target, actor);
    }
    if (membership == QLatin1String("ban")) {
        const QString reason = member.reason();
        if (!reason.isEmpty())
            return QCoreApplication::translate("EventDescription", "%1 banned %2: %3").arg(actor, target, reason);
        return QCoreApplication::translate("EventDescription", "%1 banned %2").arg(actor, target);
    }
    if (membership == QLatin1String("knock"))
        return QCoreApplication::translate("EventDescription", "%1 asked to join the room").arg(target);
    return QCoreApplication::translate("EventDescription", "Unsupported event (%1)").arg(event.type());
}

QString describeJoinRule(const QString &actor, const QString &rule)
{
    if (rule == QLatin1String("public"))
        return QCoreApplication::translate("EventDescription", "%1 made the room public").arg(actor);
    if (rule == QLatin1String("invite"))
        return QCoreApplication::translate("EventDescription", "%1 made the room invite only").arg(actor);
    if (rule == QLatin1String("knock"))
        return QCoreApplication::translate("EventDescription", "%1 allowed people to ask to join").arg(actor);
    if (rule == QLatin1String("restricted") || rule == QLatin1String("knock_restricted"))
        return QCoreApplication::translate("EventDescription", "%1 restricted who can join the room").arg(actor);
    return QCoreApplication::translate("EventDescription", "%1 changed the join rules").arg(actor);
}

QString describeHistoryVisibility(const QString &actor, const QString &visibility)
{
    if (visibility == QLatin1String("world_readable"))
        return QCoreApplication::translate("EventDescription", "%1 made future room history visible to anyone").arg(actor);
    if (visibility == QLatin1String("shared"))
        return QCoreApplication::translate("EventDescription", "%1 made future room history visible to all members").arg(actor);
    if (visibility == QLatin1String("invited"))
        return QCoreApplication::translate("EventDescription", "%1 made future room history visible to members since they were invited").arg(actor);
    if (visibility == QLatin1String("joined"))
        return QCoreApplication::translate("EventDescription", "%1 made future room history visible to members since they joined").arg(actor);
    return QCoreApplication::translate("EventDescription", "%1 changed who can read the history").arg(actor);
}

// An m.room.encrypted event still in the timeline: not decrypted (yet), and why.
QString describeUndecrypted(const Event &event)
{
    switch (encryptionStatus(event).error) {
    case DecryptionError::None:
        break; // not tried yet (or no end-to-end encryption for this account)
    case DecryptionError::MissingKey:
    case DecryptionError::UnknownIndex:
        return QCoreApplication::translate("EventDescription", "Encrypted message: its key has not been received "
                                                               "yet. It will be shown as soon as the key arrives.");
    case DecryptionError::Replay:
        return QCoreApplication::translate("EventDescription", "Message rejected: it reuses a key already used "
                                                               "(possible replay attack).");
    case DecryptionError::WrongRoom:
        return QCoreApplication::translate("EventDescription", "Message rejected: it was encrypted for another "
                                                               "room.");
    case DecryptionError::Malformed:
        return QCoreApplication::translate("EventDescription", "Encrypted message that cannot be read: it is "
                                                               "damaged.");
    case DecryptionError::UnsupportedAlgorithm:
        return QCoreApplication::translate("EventDescription", "Encrypted message that cannot be read: it uses an "
                                                               "encryption method Estafette does not support.");
    }
    return QCoreApplication::translate("EventDescription", "Encrypted message");
}

// The same, short, for the room list.
QString previewUndecrypted(const Event &event)
{
    switch (encryptionStatus(event).error) {
    case DecryptionError::None:
        break;
    case DecryptionError::MissingKey:
    case DecryptionError::UnknownIndex:
        return QCoreApplication::translate("EventDescription", "Encrypted message, waiting for its key");
    case DecryptionError::Replay:
    case DecryptionError::WrongRoom:
        return QCoreApplication::translate("EventDescription", "Message rejected");
    case DecryptionError::Malformed:
    case DecryptionError::UnsupportedAlgorithm:
        return QCoreApplication::translate("EventDescription", "Unreadable encrypted message");
    }
    return QCoreApplication::translate("EventDescription", "Encrypted message");
}

// What is wrong with the "body" of an m.room.message, if anything.
enum class BodyProblem { None, Missing, NotText, Blank };

BodyProblem bodyProblem(const Event &event)
{
    if (event.kind() != EventKind::Message || event.isRedacted())
        return BodyProblem::None;
    const QJsonValue body = event.content().value(QLatin1String("body"));
    if (body.isUndefined())
        return BodyProblem::Missing;
    if (!body.isString())
        return BodyProblem::NotText;
    if (body.toString().trimmed().isEmpty())
        return BodyProblem::Blank;
    return BodyProblem::None;
}

QString unreadableMessage()
{
    return QCoreApplication::translate("EventDescription", "Unreadable message");
}

QString describeMessage(const Event &event, const NameLookup &nameOf)
{
    if (bodyProblem(event) != BodyProblem::None)
        return unreadableMessage();
    const RoomMessageView message(event);
    // A reply's body may begin with the quote older clients put there: not shown (the quote is drawn above).
    const QString body = relationOf(event).inReplyTo.isEmpty() ? message.body() : stripReplyFallbackBody(message.body());
    if (message.msgtype() == QLatin1String("m.emote"))
        return QStringLiteral("* %1 %2").arg(nameFor(nameOf, event.sender()), body);
    return body;
}

} // namespace

QString describeEvent(const Event &event, const NameLookup &nameOf)
{
    if (event.isRedacted())
        return QCoreApplication::translate("EventDescription", "Message deleted");
    const QString actor = nameFor(nameOf, event.sender());
    const QJsonObject content = event.content();
    switch (event.kind()) {
    case EventKind::Message:
        return describeMessage(event, nameOf);
    case EventKind::Member:
        return describeMember(event, nameOf);
    case EventKind::Name: {
        const QString name = str(content, "name");
        if (name.isEmpty())
            return QCoreApplication::translate("EventDescription", "%1 removed the room name").arg(actor);
        return QCoreApplication::translate("EventDescription", "%1 changed the room name to “%2”").arg(actor, name);
    }
    case EventKind::Topic: {
        const QString topic = str(content, "topic");
        if (topic.isEmpty())
            return QCoreApplication::translate("EventDescription", "%1 removed the topic").arg(actor);
        return QCoreApplication::translate("EventDescription", "%1 changed the topic to “%2”").arg(actor, topic);
    }
    case EventKind::Avatar:
        if (str(content, "url").isEmpty())
            return QCoreApplication::translate("EventDescription", "%1 removed the room avatar").arg(actor);
        return QCoreApplication::translate("EventDescription", "%1 changed the room avatar").arg(actor);
    case EventKind::Create: {
        const QString creator = str(content, "creator");
        return QCoreApplication::translate("EventDescription", "%1 created the room").arg(creator.isEmpty() ? actor : nameFor(nameOf, creator));
    }
    case EventKind::CanonicalAlias: {
        const QString alias = str(content, "alias");
        if (alias.isEmpty())
            return QCoreApplication::translate("EventDescription", "%1 removed the main address of the room").arg(actor);
        return QCoreApplication::translate("EventDescription", "%1 set the main address of the room to %2").arg(actor, alias);
    }
    case EventKind::JoinRules:
        return describeJoinRule(actor, str(content, "join_rule"));
    case EventKind::PowerLevels:
        return QCoreApplication::translate("EventDescription", "%1 changed permissions").arg(actor);
    case EventKind::HistoryVisibility:
        return describeHistoryVisibility(actor, str(content, "history_visibility"));
    case EventKind::GuestAccess:
        if (str(content, "guest_access") == QLatin1String("can_join"))
            return QCoreApplication::translate("EventDescription", "%1 allowed guests to join").arg(actor);
        return QCoreApplication::translate("EventDescription", "%1 prevented guests from joining").arg(actor);
    case EventKind::Encryption:
        return QCoreApplication::translate("EventDescription", "%1 enabled end-to-end encryption").arg(actor);
    case EventKind::Encrypted:
        return describeUndecrypted(event);
    case EventKind::Redaction:
        return QCoreApplication::translate("EventDescription", "%1 deleted a message").arg(actor);
    case EventKind::Reaction: {
        const QString key = str(content.value(QLatin1String("m.relates_to")).toObject(), "key");
        return QCoreApplication::translate("EventDescription", "%1 reacted with %2").arg(actor, key);
    }
    case EventKind::Unknown:
        break;
    }
    return QCoreApplication::translate("EventDescription", "Unsupported event (%1)").arg(event.type());
}

QString describeUnreadable(const Event &event)
{
    switch (bodyProblem(event)) {
    case BodyProblem::None:
        break;
    case BodyProblem::Missing:
        return QCoreApplication::translate("EventDescription",
                                           "This message has no text: the “body” that every message must have is "
                                           "missing. The sender’s app may be faulty.");
    case BodyProblem::NotText:
        return QCoreApplication::translate("EventDescription",
                                           "The “body” of this message, where its text should be, is not text, so "
                                           "it cannot be shown. The sender’s app may be faulty.");
    case BodyProblem::Blank:
        return QCoreApplication::translate("EventDescription", "This message is empty: its text (its “body”) has "
                                                               "nothing to show.");
    }
    return {};
}

QString previewEvent(const Event &event, const NameLookup &nameOf)
{
    if (bodyProblem(event) != BodyProblem::None)
        return QStringLiteral("%1: %2").arg(nameFor(nameOf, event.sender()), unreadableMessage());
    if (event.kind() == EventKind::Message && !event.isRedacted()) {
        const RoomMessageView message(event);
        if (message.msgtype() == QLatin1String("m.emote"))
            return describeEvent(event, nameOf);
        return QStringLiteral("%1: %2").arg(nameFor(nameOf, event.sender()), message.body());
    }
    if (event.kind() == EventKind::Encrypted && !event.isRedacted())
        return QStringLiteral("%1: %2").arg(nameFor(nameOf, event.sender()), previewUndecrypted(event));
    return describeEvent(event, nameOf);
}

QString describeSenderTrust(const Event &event, const NameLookup &nameOf)
{
    const EncryptionStatus status = encryptionStatus(event);
    if (!status.decrypted)
        return {};
    const QString sender = nameOf ? nameOf(event.sender()) : event.sender();
    switch (status.trust) {
    case SenderTrust::KnownDevice:
        return {};
    case SenderTrust::Mismatch:
        return QCoreApplication::translate("EventDescription",
                                           "The key of this message does not belong to any device of %1: it may "
                                           "have been sent by someone else. Do not trust its content without "
                                           "checking with %1.")
            .arg(sender);
    case SenderTrust::UnknownDevice:
        return status.deviceId.isEmpty()
            ? QCoreApplication::translate("EventDescription",
                                          "Sent from a device of %1 that this device does not know yet: the sender "
                                          "cannot be confirmed for now.")
                  .arg(sender)
            : QCoreApplication::translate("EventDescription",
                                          "Sent from a device of %1 that this device does not know yet (%2): the "
                                          "sender cannot be confirmed for now.")
                  .arg(sender, status.deviceId);
    case SenderTrust::Forwarded:
        return QCoreApplication::translate("EventDescription",
                                           "The key of this message was passed on by one of your other devices, "
                                           "not by the sender's: that it comes from %1 cannot be guaranteed.")
            .arg(sender);
    }
    return {};
}

} // namespace estafette
