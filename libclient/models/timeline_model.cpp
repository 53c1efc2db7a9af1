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
            const QModelIndex changed = index(row);
            emit dataChanged(changed, changed);
        });
        // The room (and its timeline) is going away: empty the model before anything dangles.
        connect(room, &QObject::destroyed, this, [this] {
            beginResetModel();
            m_timeline = nullptr;
            m_roomRaw = nullptr;
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

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!m_timeline || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineItem &item = m_timeline->at(index.row());
    if (role == ItemKindRole)
        return QVariant::fromValue(kindOf(item));
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
    case Qt::AccessibleTextRole: {
        // What a screen reader says: the text, then a warning about its sender when there is one.
        const NameLookup nameOf = [this](const QString &userId) {
            return m_roomRaw ? m_roomRaw->memberName(userId) : userId;
        };
        const QString body = describeEvent(event, nameOf);
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
    return names;
}

} // namespace estafette
