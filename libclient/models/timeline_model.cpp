#include "models/timeline_model.h"

#include "events/event_description.h"
#include "rooms/room.h"
#include "rooms/timeline.h"

namespace estafette {

TimelineModel::TimelineModel(QObject *parent) : QAbstractListModel(parent) {}

void TimelineModel::setRoom(Room *room)
{
    if (room == m_room && room == m_roomRaw)
        return;
    beginResetModel();
    m_media.clear();
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
            m_media.remove(mediaKey(m_timeline->at(row)));
            const QModelIndex changed = index(row);
            emit dataChanged(changed, changed);
        });
        // The room (and its timeline) is going away: empty the model before anything dangles.
        connect(room, &QObject::destroyed, this, [this] {
            beginResetModel();
            m_timeline = nullptr;
            m_roomRaw = nullptr;
            m_media.clear();
            endResetModel();
        });
    }
    endResetModel();
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

QString TimelineModel::mediaKey(const TimelineItem &item)
{
    if (!item.transactionId.isEmpty())
        return QStringLiteral("txn:") + item.transactionId;
    return item.event.eventId();
}

MediaContent TimelineModel::mediaOf(const TimelineItem &item) const
{
    if (item.type == TimelineItem::Type::Gap || item.event.kind() != EventKind::Message)
        return {};
    const QString key = mediaKey(item);
    const auto parse = [&item] {
        return item.type == TimelineItem::Type::LocalEcho ? MediaContent::fromLocalEcho(item.event)
                                                          : MediaContent::fromEvent(item.event);
    };
    if (key.isEmpty())
        return parse();
    auto it = m_media.constFind(key);
    if (it == m_media.constEnd())
        it = m_media.insert(key, parse());
    return *it;
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
    if (role == ItemKindRole)
        return QVariant::fromValue(kindOf(item, mediaOf(item)));
    if (item.type == TimelineItem::Type::Gap) {
        if (role == Qt::DisplayRole || role == BodyRole)
            return tr("Some messages are not loaded yet");
        return {};
    }
    const Event &event = item.event;
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole:
        return describeEvent(event, [this](const QString &userId) {
            return m_roomRaw ? m_roomRaw->memberName(userId) : userId;
        });
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
        return QVariant::fromValue(mediaOf(item));
    case UploadProgressRole:
        return QVariant::fromValue(uploadProgressOf(item));
    case Qt::AccessibleTextRole: {
        // What a screen reader says: the text, then a warning about its sender when there is one.
        const NameLookup nameOf = [this](const QString &userId) {
            return m_roomRaw ? m_roomRaw->memberName(userId) : userId;
        };
        const MediaContent media = mediaOf(item);
        const ItemKind kind = kindOf(item, media);
        const bool isMedia = kind == ItemKind::Image || kind == ItemKind::Video || kind == ItemKind::Audio
            || kind == ItemKind::File;
        const QString body = isMedia ? accessibleMediaText(media, kind) : describeEvent(event, nameOf);
        const QString trust = describeSenderTrust(event, nameOf);
        return trust.isEmpty() ? body : body + QStringLiteral(" — ") + trust;
    }
    case Qt::AccessibleDescriptionRole: {
        // Why the message can't be shown, then what is known of its sender, as the tooltip says them.
        const NameLookup nameOf = [this](const QString &userId) {
            return m_roomRaw ? m_roomRaw->memberName(userId) : userId;
        };
        QStringList parts{describeUnreadable(event), describeSenderTrust(event, nameOf)};
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
    return names;
}

} // namespace estafette
