#include "models/timeline_model.h"

#include "events/event_description.h"
#include "rooms/room.h"
#include "events/relation.h"
#include "text/html_sanitizer.h"
#include "text/mentions.h"
#include "rooms/timeline.h"

namespace estafette {

TimelineModel::TimelineModel(QObject *parent) : QAbstractListModel(parent) {}

void TimelineModel::setRoom(Room *room)
{
    if (room == m_room && room == m_roomRaw)
        return;
    beginResetModel();
    m_views.clear();
    if (m_timeline)
        m_timeline->disconnect(this);
    if (m_roomRaw)
        m_roomRaw->disconnect(this);
    m_room = room;
    m_roomRaw = room;
    m_timeline = room ? room->timeline() : nullptr;
    if (m_timeline) {
        connect(m_timeline, &Timeline::aboutToInsert, this,
                [this](int first, int last) { beginInsertRows({}, first, last); });
        connect(m_timeline, &Timeline::inserted, this, [this](int, int) { endInsertRows(); });
        connect(m_timeline, &Timeline::aboutToRemove, this,
                [this](int first, int last) { beginRemoveRows({}, first, last); });
        connect(m_timeline, &Timeline::removed, this, [this](int, int) { endRemoveRows(); });
        connect(m_timeline, &Timeline::itemChanged, this, [this](int row) {
            m_views.remove(rowKey(m_timeline->at(row)));
            const QModelIndex changed = index(row);
            emit dataChanged(changed, changed);
        });
        connect(room, &Room::receiptsChanged, this, &TimelineModel::rebuildReaders);
        connect(m_timeline, &Timeline::inserted, this, &TimelineModel::rebuildReaders);
        m_fullyRead = room->presence().fullyRead();
        connect(room, &Room::fullyReadChanged, this, [this] {
            // Only the rows the marker left and reached change.
            const QString before = std::exchange(m_fullyRead, m_roomRaw->presence().fullyRead());
            for (const QString &eventId : {before, m_fullyRead}) {
                const int row = m_timeline->rowOfEvent(eventId);
                if (row >= 0)
                    emit dataChanged(index(row), index(row), {IsFullyReadRole});
            }
        });
        // The room (and its timeline) is going away: empty the model before anything dangles.
        connect(room, &QObject::destroyed, this, [this] {
            beginResetModel();
            m_timeline = nullptr;
            m_roomRaw = nullptr;
            m_views.clear();
            m_readers.clear();
            endResetModel();
        });
    }
    m_readers.clear();
    endResetModel();
    rebuildReaders();
}

void TimelineModel::rebuildReaders()
{
    if (!m_timeline || !m_roomRaw)
        return;
    QHash<QString, QStringList> readers;
    const RoomPresence &presence = m_roomRaw->presence();
    for (auto it = presence.receipts().constBegin(); it != presence.receipts().constEnd(); ++it) {
        if (it.key() == m_roomRaw->ownUserId())
            continue;
        // A receipt on a reaction or an edit is shown under the message it belongs to.
        QString eventId = it->eventId;
        if (m_timeline->rowOfEvent(eventId) < 0)
            eventId = m_timeline->aggregations().targetOfRelation(eventId);
        if (m_timeline->rowOfEvent(eventId) >= 0)
            readers[eventId].append(it.key());
    }
    for (QStringList &users : readers)
        std::sort(users.begin(), users.end());
    QSet<QString> touched;
    for (auto it = readers.constBegin(); it != readers.constEnd(); ++it) {
        if (m_readers.value(it.key()) != *it)
            touched.insert(it.key());
    }
    for (auto it = m_readers.constBegin(); it != m_readers.constEnd(); ++it) {
        if (!readers.contains(it.key()))
            touched.insert(it.key());
    }
    m_readers = readers;
    for (const QString &eventId : std::as_const(touched)) {
        const int row = m_timeline->rowOfEvent(eventId);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {ReadByRole});
    }
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_timeline)
        return 0;
    return m_timeline->size();
}

TimelineModel::ItemKind TimelineModel::kindOf(const TimelineItem &item)
{
    return kindOf(item, item.type == TimelineItem::Type::LocalEcho ? MediaContent::fromLocalEcho(item.event)
                                                                   : MediaContent::fromEvent(item.event));
}

TimelineModel::ItemKind TimelineModel::kindOf(const TimelineItem &item, const MediaContent &media)
{
    if (item.type == TimelineItem::Type::Gap)
        return ItemKind::Gap;
    const Event &event = item.event;
    switch (event.kind()) {
    case EventKind::Message: {
        if (event.isRedacted())
            return ItemKind::Message;
        const QString msgtype = RoomMessageView(event).msgtype();
        if (msgtype == QLatin1String("m.emote"))
            return ItemKind::Emote;
        if (msgtype == QLatin1String("m.notice"))
            return ItemKind::Notice;
        if (MediaContent::isMediaMsgtype(msgtype)) {
            if (!media.isValid())
                return ItemKind::File;
            switch (media.type()) {
            case MediaContent::Type::Image:
                return ItemKind::Image;
            case MediaContent::Type::Video:
                return ItemKind::Video;
            case MediaContent::Type::Audio:
                return ItemKind::Audio;
            case MediaContent::Type::File:
                break;
            }
            return ItemKind::File;
        }
        return ItemKind::Message;
    }
    case EventKind::Encrypted:
        return ItemKind::Message; // shown from its sender, as "Encrypted message" until decrypted
    case EventKind::Unknown:
    case EventKind::Reaction:
    case EventKind::Redaction:
        return event.isState() ? ItemKind::StateChange : ItemKind::Unsupported;
    default:
        return event.isState() ? ItemKind::StateChange : ItemKind::Unsupported;
    }
}

TransferProgress TimelineModel::uploadProgressOf(const TimelineItem &item)
{
    return {item.transferredBytes, item.transferTotalBytes};
}

QString TimelineModel::rowKey(const TimelineItem &item)
{
    if (!item.transactionId.isEmpty())
        return QStringLiteral("txn:") + item.transactionId;
    return item.event.eventId();
}

const TimelineModel::RowView &TimelineModel::viewOf(int row) const
{
    const TimelineItem &item = m_timeline->at(row);
    const QString key = rowKey(item);
    if (!key.isEmpty()) {
        const auto it = m_views.constFind(key);
        if (it != m_views.constEnd())
            return *it;
    }
    RowView view;
    const Aggregations &aggregations = m_timeline->aggregations();
    const bool isEcho = item.type == TimelineItem::Type::LocalEcho;
    view.shown = item.type == TimelineItem::Type::Event ? aggregations.shownEvent(item.event) : item.event;
    if (item.type != TimelineItem::Type::Gap && view.shown.kind() == EventKind::Message)
        view.media = isEcho ? MediaContent::fromLocalEcho(view.shown) : MediaContent::fromEvent(view.shown);
    view.kind = kindOf(TimelineItem{item.type, view.shown}, view.media);
    if (item.type != TimelineItem::Type::Gap) {
        // A message still in the outbox is pointed at by its transaction id.
        const QString eventId = item.event.eventId().isEmpty() && !item.transactionId.isEmpty()
            ? pendingEventRef(item.transactionId)
            : item.event.eventId();
        view.redacted = item.event.isRedacted() || aggregations.redactionPending(eventId);
        view.edited = !view.redacted && aggregations.isEdited(item.event);
        if (!view.redacted) {
            view.reactions = aggregations.reactions(eventId);
            view.replyTo = relationOf(view.shown).inReplyTo;
            const RoomMessageView message(view.shown);
            if (m_roomRaw && view.shown.kind() == EventKind::Message) {
                const QString own = m_roomRaw->ownUserId();
                const std::optional<MemberInfo> me = m_roomRaw->state().member(own);
                view.mentionsMe = Mentions::mentionsUser(
                    view.shown, own, me ? me->displayName : QString(),
                    m_roomRaw->state().powerLevels().canNotifyRoom(view.shown.sender()));
            }
            if (view.kind == ItemKind::Message || view.kind == ItemKind::Notice) {
                if (message.format() == QLatin1String("org.matrix.custom.html") && !message.formattedBody().isEmpty())
                    view.html = HtmlSanitizer::sanitize(message.formattedBody()).html;
            }
        }
    }
    return *m_views.insert(key, view); // gaps never get here: data() answers for them first
}

QString TimelineModel::nameOf(const QString &userId) const
{
    return m_roomRaw ? m_roomRaw->memberName(userId) : userId;
}

QString TimelineModel::avatarUrlOf(const QString &userId) const
{
    return m_roomRaw ? m_roomRaw->memberAvatarUrl(userId) : QString();
}

ReplyPreview TimelineModel::replyPreview(const QString &eventId) const
{
    ReplyPreview preview;
    preview.eventId = eventId;
    const int row = m_timeline->rowOfEvent(eventId);
    if (row < 0 || m_timeline->at(row).type == TimelineItem::Type::Gap)
        return preview;
    const RowView &original = viewOf(row);
    preview.loaded = true;
    preview.senderId = original.shown.sender();
    preview.senderName = nameOf(preview.senderId);
    const bool isMedia = original.kind == ItemKind::Image || original.kind == ItemKind::Video
        || original.kind == ItemKind::Audio || original.kind == ItemKind::File;
    const QString text = isMedia ? accessibleMediaText(original.media, original.kind)
                                 : describeEvent(original.shown, [this](const QString &id) { return nameOf(id); });
    preview.text = text.section(QLatin1Char('\n'), 0, 0, QString::SectionSkipEmpty);
    return preview;
}

QList<EditRecord> TimelineModel::editHistory(int row) const
{
    if (!m_timeline || row < 0 || row >= m_timeline->size())
        return {};
    return m_timeline->aggregations().editHistory(m_timeline->at(row).event);
}

QString TimelineModel::accessibleMediaText(const MediaContent &media, ItemKind kind) const
{
    QString text;
    switch (kind) {
    case ItemKind::Image:
        text = tr("Image: %1").arg(media.fileName());
        break;
    case ItemKind::Video:
        text = tr("Video: %1").arg(media.fileName());
        break;
    case ItemKind::Audio:
        text = tr("Sound: %1").arg(media.fileName());
        break;
    default:
        text = tr("File: %1").arg(media.fileName());
        break;
    }
    if (!media.caption().isEmpty())
        text += QStringLiteral(" — ") + media.caption();
    if (!media.isValid())
        text += QStringLiteral(" — ") + media.problemText();
    return text;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!m_timeline || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineItem &item = m_timeline->at(index.row());
    if (item.type == TimelineItem::Type::Gap) {
        if (role == ItemKindRole)
            return QVariant::fromValue(ItemKind::Gap);
        if (role == Qt::DisplayRole || role == BodyRole)
            return tr("Some messages are not loaded yet");
        return {};
    }
    const RowView &view = viewOf(index.row());
    if (role == ItemKindRole)
        return QVariant::fromValue(view.kind);
    const Event &event = view.shown;
    const NameLookup nameLookup = [this](const QString &userId) { return nameOf(userId); };
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        if (view.redacted)
            return tr("Message deleted");
        return describeEvent(event, nameLookup);
    case IsEditedRole:
        return view.edited;
    case IsRedactedRole:
        return view.redacted;
    case ReactionsRole:
        return QVariant::fromValue(view.reactions);
    case MentionsMeRole:
        return view.mentionsMe;
    case ReadByRole:
        return m_readers.value(item.event.eventId());
    case IsFullyReadRole:
        return m_roomRaw && !item.event.eventId().isEmpty() && m_roomRaw->presence().fullyRead() == item.event.eventId();
    case FormattedHtmlRole:
        return view.redacted ? QString() : view.html;
    case ReplyRole:
        return QVariant::fromValue(view.replyTo.isEmpty() ? ReplyPreview() : replyPreview(view.replyTo));
    case EventIdRole:
        return event.eventId();
    case SenderIdRole:
        return event.sender();
    case SenderNameRole:
        return m_roomRaw ? m_roomRaw->memberName(event.sender()) : event.sender();
    case SenderAvatarRole:
        return m_roomRaw ? m_roomRaw->memberAvatarUrl(event.sender()) : QString();
    case TimestampRole:
        return event.timestamp();
    case SendStateRole:
        return int(item.sendState);
    case TransactionIdRole:
        return item.transactionId;
    case IsOwnRole:
        return m_roomRaw && event.sender() == m_roomRaw->ownUserId();
    case EventTypeRole:
        return event.type();
    case UnreadableReasonRole:
        return describeUnreadable(event);
    case MediaRole:
        return QVariant::fromValue(view.media);
    case UploadProgressRole:
        return QVariant::fromValue(uploadProgressOf(item));
    case Qt::AccessibleTextRole: {
        // What a screen reader says: the text, then a warning about its sender when there is one.
        const ItemKind kind = view.kind;
        const bool isMedia = kind == ItemKind::Image || kind == ItemKind::Video || kind == ItemKind::Audio
            || kind == ItemKind::File;
        QString body = view.redacted ? tr("Message deleted")
                       : isMedia     ? accessibleMediaText(view.media, kind)
                                     : describeEvent(event, nameLookup);
        if (view.edited)
            body += QLatin1Char(' ') + tr("(edited)");
        if (view.mentionsMe)
            body = tr("Mentions you: %1").arg(body);
        const QString trust = describeSenderTrust(event, nameLookup);
        return trust.isEmpty() ? body : body + QStringLiteral(" — ") + trust;
    }
    case Qt::AccessibleDescriptionRole: {
        // Why the message can't be shown, then what is known of its sender, as the tooltip says them.
        QStringList parts{describeUnreadable(event), describeSenderTrust(event, nameLookup)};
        parts.removeAll(QString());
        return parts.join(QLatin1Char(' '));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(EventIdRole, "eventId");
    names.insert(SenderIdRole, "senderId");
    names.insert(SenderNameRole, "senderName");
    names.insert(TimestampRole, "timestamp");
    names.insert(BodyRole, "body");
    names.insert(ItemKindRole, "itemKind");
    names.insert(SendStateRole, "sendState");
    names.insert(TransactionIdRole, "transactionId");
    names.insert(IsOwnRole, "isOwn");
    names.insert(EventTypeRole, "eventType");
    names.insert(UnreadableReasonRole, "unreadableReason");
    names.insert(MediaRole, "media");
    names.insert(UploadProgressRole, "uploadProgress");
    names.insert(SenderAvatarRole, "senderAvatar");
    names.insert(IsEditedRole, "isEdited");
    names.insert(IsRedactedRole, "isRedacted");
    names.insert(ReactionsRole, "reactions");
    names.insert(ReplyRole, "reply");
    names.insert(FormattedHtmlRole, "formattedHtml");
    names.insert(ReadByRole, "readBy");
    names.insert(IsFullyReadRole, "isFullyRead");
    names.insert(MentionsMeRole, "mentionsMe");
    return names;
}

} // namespace estafette
