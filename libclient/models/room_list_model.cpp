#include "models/room_list_model.h"

#include "rooms/room.h"
#include "rooms/room_list.h"

namespace estafette {

RoomListModel::RoomListModel(RoomList *rooms, QObject *parent) : QAbstractListModel(parent), m_rooms(rooms)
{
    connect(rooms, &RoomList::roomAboutToBeAdded, this, [this](int index) { beginInsertRows({}, index, index); });
    connect(rooms, &RoomList::roomAdded, this, [this](Room *, int) { endInsertRows(); });
    connect(rooms, &RoomList::roomAboutToBeRemoved, this,
            [this](Room *, int index) { beginRemoveRows({}, index, index); });
    connect(rooms, &RoomList::roomRemoved, this, [this](const QString &) { endRemoveRows(); });
    connect(rooms, &RoomList::roomChanged, this, [this](Room *, int index) {
        const QModelIndex changedIndex = this->index(index);
        emit dataChanged(changedIndex, changedIndex);
    });
    // Signed out: the list goes away with the session; the model empties instead of dangling.
    connect(rooms, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_rooms = nullptr;
        endResetModel();
    });
}

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_rooms ? 0 : m_rooms->count();
}

Room *RoomListModel::roomAt(int row) const
{
    return m_rooms && row >= 0 && row < m_rooms->count() ? m_rooms->at(row) : nullptr;
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Room *room = roomAt(index.row());
    if (!room)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return room->displayName();
    case RoomIdRole:
        return room->id();
    case TopicRole:
        return room->topic();
    case LastMessageRole:
        return room->lastMessagePreview();
    case LastActivityRole:
        return room->lastActivity();
    case UnreadCountRole:
        return room->unreadCount();
    case HighlightCountRole:
        return room->highlightCount();
    case IsInviteRole:
        return room->membership() == Membership::Invite;
    case InviterRole: {
        const QString inviter = room->inviterId();
        return inviter.isEmpty() ? QString() : room->memberName(inviter);
    }
    case IsDirectRole:
        return room->isDirect();
    case IsEncryptedRole:
        return room->isEncrypted();
    case AvatarUrlRole:
        return room->avatarUrl();
    case Qt::AccessibleTextRole:
        return accessibleText(*room);
    case Qt::AccessibleDescriptionRole:
        return room->topic();
    default:
        return {};
    }
}

QString RoomListModel::accessibleText(const Room &room)
{
    QStringList parts{room.displayName()};
    if (room.membership() == Membership::Invite) {
        const QString inviter = room.inviterId();
        parts << (inviter.isEmpty() ? tr("invitation") : tr("invitation from %1").arg(room.memberName(inviter)));
    } else if (room.isDirect()) {
        parts << tr("direct chat");
    }
    if (room.isEncrypted())
        parts << tr("end-to-end encrypted");
    // Spoken, so spelled out in full (no "message(s)": there is no English catalogue to resolve %n plurals).
    const int unread = room.unreadCount();
    if (unread > 0)
        parts << (unread == 1 ? tr("1 unread message") : tr("%1 unread messages").arg(unread));
    const int mentions = room.highlightCount();
    if (mentions > 0)
        parts << (mentions == 1 ? tr("including 1 mention") : tr("including %1 mentions").arg(mentions));
    if (room.membership() != Membership::Invite) {
        QString last = room.lastMessagePreview();
        last.replace(QLatin1Char('\n'), QLatin1Char(' '));
        if (!last.trimmed().isEmpty())
            parts << tr("last message: %1").arg(last);
    }
    return parts.join(QStringLiteral(", "));
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(RoomIdRole, "roomId");
    names.insert(NameRole, "name");
    names.insert(TopicRole, "topic");
    names.insert(LastMessageRole, "lastMessage");
    names.insert(LastActivityRole, "lastActivity");
    names.insert(UnreadCountRole, "unreadCount");
    names.insert(HighlightCountRole, "highlightCount");
    names.insert(IsInviteRole, "isInvite");
    names.insert(InviterRole, "inviter");
    names.insert(IsDirectRole, "isDirect");
    names.insert(IsEncryptedRole, "isEncrypted");
    names.insert(AvatarUrlRole, "avatarUrl");
    return names;
}

RoomListSortFilterModel::RoomListSortFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    sort(0, Qt::AscendingOrder);
}

void RoomListSortFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filter)
        return;
    m_filter = trimmed;
    invalidateFilter();
}

bool RoomListSortFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool leftInvite = left.data(RoomListModel::IsInviteRole).toBool();
    const bool rightInvite = right.data(RoomListModel::IsInviteRole).toBool();
    if (leftInvite != rightInvite)
        return leftInvite;
    const QDateTime leftTime = left.data(RoomListModel::LastActivityRole).toDateTime();
    const QDateTime rightTime = right.data(RoomListModel::LastActivityRole).toDateTime();
    if (leftTime != rightTime) {
        if (!leftTime.isValid() || !rightTime.isValid())
            return leftTime.isValid(); // rooms with activity before rooms without
        return leftTime > rightTime;
    }
    const QString leftName = left.data(RoomListModel::NameRole).toString();
    const QString rightName = right.data(RoomListModel::NameRole).toString();
    const int byName = QString::localeAwareCompare(leftName.toCaseFolded(), rightName.toCaseFolded());
    if (byName != 0)
        return byName < 0;
    return left.data(RoomListModel::RoomIdRole).toString() < right.data(RoomListModel::RoomIdRole).toString();
}

bool RoomListSortFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(RoomListModel::NameRole).toString().contains(m_filter, Qt::CaseInsensitive);
}

} // namespace estafette
