#pragma once

#include <QWidget>

class QLineEdit;
class QListView;
class QModelIndex;

namespace estafette {

class AvatarSource;
class Room;
class RoomList;
class RoomListDelegate;
class RoomListModel;
class RoomListSortFilterModel;

// The left side of the main window: a filter field above the account's rooms, invitations first, then
// the most recently active.
class RoomListPanel : public QWidget {
    Q_OBJECT
public:
    explicit RoomListPanel(RoomList *rooms, QWidget *parent = nullptr);

    Room *currentRoom() const;
    bool selectRoom(const QString &roomId);
    // Selects the joined room with the most recent activity; false when there is none.
    bool selectMostRecentJoined();
    QListView *view() const { return m_view; }
    // Where room avatars come from (none: initials only); not owned.
    void setAvatarSource(AvatarSource *source);
    // Drops the models before the RoomList they read goes away.
    void detach();

signals:
    void currentRoomChanged(estafette::Room *room);

private:
    void onCurrentChanged(const QModelIndex &current);
    QLineEdit *m_filter;
    QListView *m_view;
    RoomListDelegate *m_delegate;
    RoomListModel *m_model = nullptr;
    RoomListSortFilterModel *m_proxy = nullptr;
};

} // namespace estafette
