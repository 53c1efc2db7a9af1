#pragma once

#include "crypto/crypto_store.h"

#include "session/room_actions.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QSettings;
class QSplitter;

namespace estafette {

class ConnectionIndicator;
class Room;
class RoomListPanel;
class RoomView;
class MediaActions;
class MediaAvatarSource;
class MediaThumbnails;
class Session;

// The signed-in window: rooms on the left, the chosen room in the centre, connection state below.
// Built when the session signs in, destroyed when it signs out.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(Session *session, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    RoomListPanel *roomList() const { return m_roomList; }
    RoomView *roomView() const { return m_roomView; }
    MediaAvatarSource *avatars() const { return m_avatars; } // nullptr for an account without media
    // Plain information for the person (non-modal).
    void showMessage(const QString &title, const QString &text);

signals:
    // The person confirmed signing out (erasing this computer's copy of the account).
    void signOutRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showMediaProblem(const QString &title, const QString &sentence);
    void buildMenus();
    void onCurrentRoomChanged(Room *room);
    void onFirstSync();
    void onActionSucceeded(RoomActions::Action action, const QString &roomId);
    void onActionFailed(RoomActions::Action action, const QString &roomId, const MatrixError &error);
    void newRoom();
    void newDirectChat();
    void inviteToRoom();
    void confirmEnableEncryption();
    void showDevices(const QString &userId = {});
    void showSessionInfo();
    void confirmSignOut();
    // One of our own devices asks for the keys of messages it can't read: share only if the person says so.
    void askToShareKeys(const estafette::StoredDevice &device);
    void refreshRoomActions();
    void about();
    void selectWhenListed(const QString &roomId);
    void storeGeometry();

    QPointer<Session> m_session;
    QSettings *m_settings;
    QSplitter *m_splitter;
    RoomListPanel *m_roomList;
    RoomView *m_roomView;
    ConnectionIndicator *m_connection;
    MediaThumbnails *m_thumbnails = nullptr; // with the account's media (an account with a store)
    MediaAvatarSource *m_avatars = nullptr;  // likewise
    MediaActions *m_mediaActions = nullptr;
    QAction *m_inviteAction = nullptr;
    QAction *m_enableEncryptionAction = nullptr;
    QAction *m_devicesAction = nullptr;
    QPointer<Room> m_watchedRoom;       // the current room, whose changes update the actions above
    QString m_pendingSelection; // a room we created, selected as soon as it appears
};

} // namespace estafette
