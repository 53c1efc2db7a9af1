#pragma once

#include <QAbstractListModel>
#include <QSortFilterProxyModel>

namespace estafette {

class Room;
class RoomList;

// One row per room of a RoomList, in the list's order (unsorted: see RoomListSortFilterModel).
// Empties itself (model reset) when the RoomList is destroyed. Qt::AccessibleTextRole says what the row shows
// (name, invitation, encryption, unread messages, last message) for screen readers; Qt::AccessibleDescriptionRole
// is the topic.
class RoomListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        RoomIdRole = Qt::UserRole + 1,
        NameRole,          // also Qt::DisplayRole
        TopicRole,
        LastMessageRole,   // preview "Alice: hello"
        LastActivityRole,  // QDateTime
        UnreadCountRole,   // int
        HighlightCountRole,
        IsInviteRole,      // bool
        InviterRole,       // display name / id of who invited us
        IsDirectRole,
        IsEncryptedRole,
        AvatarUrlRole,     // m.room.avatar url (mxc://…), empty when the room has none
    };
    explicit RoomListModel(RoomList *rooms, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Room *roomAt(int row) const;

    // "Ops, end-to-end encrypted, 3 unread messages, including 1 mention, last message: Alice: hello".
    static QString accessibleText(const Room &room);

private:
    RoomList *m_rooms;
};

// Invites first, then by most recent activity; filtered by a case-insensitive substring of the name.
class RoomListSortFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RoomListSortFilterModel(QObject *parent = nullptr);
    void setFilterText(const QString &text);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filter;
};

} // namespace estafette
