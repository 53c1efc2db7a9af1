#include "main_window.h"

#include "media/media_actions.h"
#include "media/media_avatar_source.h"
#include "media/media_thumbnails.h"
#include "session/media_session.h"

#include "connection_indicator.h"
#include "composer_edit.h"
#include "create_room_dialog.h"
#include "devices_dialog.h"
#include "direct_chat_dialog.h"
#include "error_text.h"
#include "fingerprint.h"
#include "invite_dialog.h"
#include "room_list_panel.h"
#include "room_view.h"
#include "session_info_dialog.h"
#include "sign_out_dialog.h"
#include "sync_problem_bar.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/session.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace estafette {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kSplitterKey = QStringLiteral("mainWindow/splitter");
} // namespace

MainWindow::MainWindow(Session *session, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_settings(settings)
    , m_splitter(new QSplitter(this))
    , m_roomList(new RoomListPanel(session->rooms(), m_splitter))
    , m_roomView(new RoomView(session->outbox(), session->paginator(), session->roomActions(), m_splitter))
    , m_connection(new ConnectionIndicator(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Estafette — %1").arg(session->userId()));
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_roomList);
    m_splitter->addWidget(m_roomView);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({300, 800});
    // The sync problem bar spans the window above the rooms and the timeline (hidden while sync is well).
    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(new SyncProblemBar(session, central));
    column->addWidget(m_splitter, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_connection);
    m_connection->setState(session->connectionState());
    buildMenus();

    connect(m_roomList, &RoomListPanel::currentRoomChanged, this, &MainWindow::onCurrentRoomChanged);
    connect(m_roomView, &RoomView::devicesRequested, this, [this](const QString &userId) { showDevices(userId); });
    connect(session, &Session::connectionStateChanged, m_connection, &ConnectionIndicator::setState);
    connect(session, &Session::syncRetryScheduled, m_connection, &ConnectionIndicator::setRetry);
    connect(session, &Session::firstSyncDone, this, &MainWindow::onFirstSync);
    if (RoomActions *actions = session->roomActions()) {
        connect(actions, &RoomActions::succeeded, this, &MainWindow::onActionSucceeded);
        connect(actions, &RoomActions::failed, this, &MainWindow::onActionFailed);
    }
    if (CryptoSession *crypto = session->crypto())
        connect(crypto, &CryptoSession::ownDeviceWantsKeys, this, &MainWindow::askToShareKeys);
    m_roomView->setMessageActions(session->messageActions());
    m_roomView->setTypingNotifier(session->typingNotifier());
    m_roomView->setSettings(m_settings);
    if (MediaSession *media = session->media()) {
        m_thumbnails = new MediaThumbnails(media, session->outbox(), this);
        m_mediaActions = new MediaActions(media, this, this);
        m_roomView->setMedia(m_thumbnails, m_mediaActions);
        m_avatars = new MediaAvatarSource(media, this);
        m_roomView->setAvatarSource(m_avatars);
        m_roomList->setAvatarSource(m_avatars);
        connect(m_roomView, &RoomView::attachmentsConfirmed, media, &MediaSession::sendAttachments);
        connect(media, &MediaSession::attachmentRefused, this,
                [this](const QString &, const QString &, const QString &sentence) {
                    showMediaProblem(tr("File not sent"), sentence);
                });
        connect(m_mediaActions, &MediaActions::problem, this,
                [this](const QString &sentence) { showMediaProblem(tr("File not available"), sentence); });
    }
    if (RoomList *rooms = session->rooms()) {
        connect(rooms, &RoomList::roomAdded, this, [this](Room *room) {
            if (!m_pendingSelection.isEmpty() && room->id() == m_pendingSelection)
                selectWhenListed(m_pendingSelection);
        });
        // The list is the session's: if it goes first, stop reading it.
        connect(rooms, &QObject::destroyed, this, [this] {
            m_roomView->setRoom(nullptr);
            m_roomList->detach();
        });
    }

    if (m_settings) {
        if (!restoreGeometry(m_settings->value(kGeometryKey).toByteArray()))
            resize(1100, 720);
        restoreState(m_settings->value(kStateKey).toByteArray());
        m_splitter->restoreState(m_settings->value(kSplitterKey).toByteArray());
    } else {
        resize(1100, 720);
    }
    onCurrentRoomChanged(nullptr);
    // Rooms from the encrypted store are there before any network request: present them at once, as after
    // the first sync (which may not come soon when the server is down).
    if (session->rooms() && session->rooms()->count() > 0)
        QTimer::singleShot(0, this, &MainWindow::onFirstSync);
}

void MainWindow::showMediaProblem(const QString &title, const QString &sentence)
{
    if (sentence.isEmpty())
        return;
    // Non-modal: a transfer that failed must not stop the person from working.
    auto *box = new QMessageBox(QMessageBox::Warning, title, sentence, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("mediaProblem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

MainWindow::~MainWindow()
{
    storeGeometry();
}

void MainWindow::storeGeometry()
{
    if (!m_settings)
        return;
    m_settings->setValue(kGeometryKey, QMainWindow::saveGeometry());
    m_settings->setValue(kStateKey, saveState());
    m_settings->setValue(kSplitterKey, m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    storeGeometry();
    QMainWindow::closeEvent(event);
}

void MainWindow::buildMenus()
{
    QMenu *account = menuBar()->addMenu(tr("&Account"));
    account->setObjectName(QStringLiteral("accountMenu"));
    QAction *sessionInfo = account->addAction(tr("Session &info…"), this, &MainWindow::showSessionInfo);
    sessionInfo->setObjectName(QStringLiteral("sessionInfoAction"));
    // Private read receipts: the read marker still follows what we read, but nobody is told.
    QAction *privateReceipts = account->addAction(tr("&Private read receipts"));
    privateReceipts->setObjectName(QStringLiteral("privateReceiptsAction"));
    privateReceipts->setCheckable(true);
    privateReceipts->setToolTip(tr("Others are not told which messages you have read"));
    const bool privateSetting = m_settings && m_settings->value(QStringLiteral("privacy/privateReadReceipts"), false).toBool();
    privateReceipts->setChecked(privateSetting);
    if (RoomActions *actions = m_session->roomActions())
        actions->setPrivateReceipts(privateSetting);
    connect(privateReceipts, &QAction::toggled, this, [this](bool on) {
        if (m_settings)
            m_settings->setValue(QStringLiteral("privacy/privateReadReceipts"), on);
        if (RoomActions *actions = m_session->roomActions())
            actions->setPrivateReceipts(on);
    });
    account->addSeparator();
    QAction *signOut = account->addAction(tr("&Sign out…"), this, &MainWindow::confirmSignOut);
    signOut->setObjectName(QStringLiteral("signOutAction"));
    account->addSeparator();
    QAction *quit = account->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *rooms = menuBar()->addMenu(tr("&Rooms"));
    rooms->setObjectName(QStringLiteral("roomsMenu"));
    QAction *newRoom = rooms->addAction(tr("&New room…"), this, &MainWindow::newRoom);
    newRoom->setObjectName(QStringLiteral("newRoomAction"));
    newRoom->setShortcut(QKeySequence(tr("Ctrl+N")));
    QAction *direct = rooms->addAction(tr("New &direct chat…"), this, &MainWindow::newDirectChat);
    direct->setObjectName(QStringLiteral("newDirectChatAction"));
    m_inviteAction = rooms->addAction(tr("&Invite to this room…"), this, &MainWindow::inviteToRoom);
    m_inviteAction->setObjectName(QStringLiteral("inviteAction"));
    rooms->addSeparator();
    m_enableEncryptionAction = rooms->addAction(tr("&Enable end-to-end encryption…"), this,
                                                &MainWindow::confirmEnableEncryption);
    m_enableEncryptionAction->setObjectName(QStringLiteral("enableEncryptionAction"));
    m_devicesAction = rooms->addAction(tr("De&vices of a member…"), this, [this] { showDevices(); });
    m_devicesAction->setObjectName(QStringLiteral("memberDevicesAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *aboutAction = help->addAction(tr("&About Estafette"), this, &MainWindow::about);
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::onCurrentRoomChanged(Room *room)
{
    m_roomView->setRoom(room);
    if (m_watchedRoom)
        disconnect(m_watchedRoom, nullptr, this, nullptr);
    m_watchedRoom = room;
    if (room)
        connect(room, &Room::changed, this, &MainWindow::refreshRoomActions);
    refreshRoomActions();
}

void MainWindow::refreshRoomActions()
{
    Room *room = m_roomView->room();
    const bool joined = room && room->membership() == Membership::Join;
    m_inviteAction->setEnabled(joined);
    // Encryption can only be turned on, once.
    m_enableEncryptionAction->setEnabled(joined && !room->isEncrypted());
    m_devicesAction->setEnabled(joined);
}

void MainWindow::onFirstSync()
{
    // The person's display name, as the rooms they joined know it (the profile API is not wired yet).
    if (RoomList *rooms = m_session ? m_session->rooms() : nullptr) {
        const QString me = m_session->userId();
        for (int i = 0; i < rooms->count(); ++i) {
            Room *room = rooms->at(i);
            const QString name = room->membership() == Membership::Join ? room->memberName(me) : QString();
            if (!name.isEmpty() && name != me) {
                setWindowTitle(tr("Estafette — %1").arg(name));
                break;
            }
        }
    }
    if (!m_roomList->currentRoom() && m_roomList->selectMostRecentJoined())
        m_roomView->composer()->setFocus();
}

void MainWindow::selectWhenListed(const QString &roomId)
{
    if (m_roomList->selectRoom(roomId))
        m_pendingSelection.clear();
}

void MainWindow::onActionSucceeded(RoomActions::Action action, const QString &roomId)
{
    switch (action) {
    case RoomActions::Action::CreateRoom:
    case RoomActions::Action::CreateDirectChat:
    case RoomActions::Action::Join:
        m_pendingSelection = roomId;
        selectWhenListed(roomId);
        break;
    case RoomActions::Action::Invite:
        statusBar()->showMessage(tr("Invitation sent."), 5000);
        break;
    case RoomActions::Action::EnableEncryption:
        statusBar()->showMessage(tr("End-to-end encryption is now enabled in this room."), 5000);
        break;
    case RoomActions::Action::Decline:
    case RoomActions::Action::Leave:
    case RoomActions::Action::MarkRead:
        break;
    }
    // Joining changes what the room offers (the invite action, the composer).
    refreshRoomActions();
}

void MainWindow::onActionFailed(RoomActions::Action action, const QString &, const MatrixError &error)
{
    QString what;
    switch (action) {
    case RoomActions::Action::CreateRoom: what = tr("The room could not be created."); break;
    case RoomActions::Action::CreateDirectChat: what = tr("The direct chat could not be started."); break;
    case RoomActions::Action::Invite: what = tr("The invitation could not be sent."); break;
    case RoomActions::Action::Join: what = tr("The invitation could not be accepted."); break;
    case RoomActions::Action::Decline: what = tr("The invitation could not be declined."); break;
    case RoomActions::Action::Leave: what = tr("You could not leave the room."); break;
    case RoomActions::Action::EnableEncryption:
        what = tr("End-to-end encryption could not be enabled in this room.");
        break;
    case RoomActions::Action::MarkRead: return; // the next read retries; not worth interrupting anyone
    }
    showMessage(what, what + QLatin1Char('\n') + ErrorText::matrixError(error));
}

void MainWindow::showMessage(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Information, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("messageBox"));
    box->open();
}

void MainWindow::newRoom()
{
    auto *dialog = new CreateRoomDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_session && m_session->roomActions())
            m_session->roomActions()->createRoom(dialog->name(), dialog->topic(), dialog->invitees(),
                                                 dialog->encrypted());
    });
    dialog->open();
}

void MainWindow::newDirectChat()
{
    auto *dialog = new DirectChatDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!m_session || !m_session->roomActions())
            return;
        // An existing direct chat opens at once; otherwise RoomActions creates one.
        const QString existing = m_session->rooms() ? m_session->rooms()->directRoomWith(dialog->userId()) : QString();
        if (!existing.isEmpty() && m_roomList->selectRoom(existing))
            return;
        m_session->roomActions()->createDirectChat(dialog->userId());
    });
    dialog->open();
}

void MainWindow::inviteToRoom()
{
    Room *room = m_roomView->room();
    if (!room)
        return;
    auto *dialog = new InviteDialog(room->displayName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString roomId = room->id();
    connect(dialog, &QDialog::accepted, this, [this, dialog, roomId] {
        if (m_session && m_session->roomActions())
            m_session->roomActions()->invite(roomId, dialog->userId());
    });
    dialog->open();
}

void MainWindow::confirmEnableEncryption()
{
    Room *room = m_roomView->room();
    if (!room || room->isEncrypted())
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Enable end-to-end encryption"),
                                tr("Enable end-to-end encryption in “%1”?").arg(room->displayName()),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("enableEncryptionDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("New messages will be readable only on the devices of the room's members, no longer by the server. "
           "This cannot be undone: once enabled, encryption can never be turned off in this room.\n\n"
           "Earlier messages stay as they are. Bots and bridges that do not support encryption will no longer "
           "be able to read the room."));
    QPushButton *enable = box->addButton(tr("Enable encryption"), QMessageBox::AcceptRole);
    enable->setObjectName(QStringLiteral("confirmEnableEncryptionButton"));
    QPushButton *cancel = box->addButton(tr("Cancel"), QMessageBox::RejectRole);
    cancel->setObjectName(QStringLiteral("cancelEnableEncryptionButton"));
    box->setDefaultButton(cancel); // irreversible: Enter must not do it
    box->setEscapeButton(cancel);
    const QString roomId = room->id();
    connect(box, &QMessageBox::finished, this, [this, box, enable, roomId] {
        if (box->clickedButton() == enable && m_session && m_session->roomActions())
            m_session->roomActions()->enableEncryption(roomId);
    });
    box->open();
}

void MainWindow::askToShareKeys(const StoredDevice &device)
{
    const QString name = device.displayName.isEmpty() ? device.deviceId : device.displayName;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Share your message keys?"),
                                tr("Your device “%1” asks for the keys of encrypted messages it can't read.")
                                    .arg(name),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("shareKeysDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("Share them only if you have just signed in on that device yourself. Anyone who knows your password, "
           "or the server's administrator, can add a device to your account: with these keys it could read your "
           "past encrypted conversations.\n\nDevice: %1\nFingerprint: %2")
            .arg(device.deviceId, Fingerprint::grouped(device.ed25519)));
    QPushButton *share = box->addButton(tr("Share keys"), QMessageBox::AcceptRole);
    share->setObjectName(QStringLiteral("shareKeysButton"));
    QPushButton *ignore = box->addButton(tr("Ignore"), QMessageBox::RejectRole);
    ignore->setObjectName(QStringLiteral("ignoreKeyRequestButton"));
    box->setDefaultButton(ignore); // sharing must be a deliberate choice
    box->setEscapeButton(ignore);
    const QString deviceId = device.deviceId;
    connect(box, &QMessageBox::finished, this, [this, box, share, deviceId] {
        CryptoSession *crypto = m_session ? m_session->crypto() : nullptr;
        if (!crypto)
            return;
        if (box->clickedButton() == share)
            crypto->approveOwnDevice(deviceId);
        else
            crypto->ignoreOwnDevice(deviceId);
    });
    box->open();
}

void MainWindow::confirmSignOut()
{
    if (!m_session || findChild<SignOutDialog *>())
        return;
    auto *box = new SignOutDialog(m_session->userId(), this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box] {
        if (box->confirmed())
            emit signOutRequested();
    });
    box->open();
}

void MainWindow::showDevices(const QString &userId)
{
    Room *room = m_roomView->room();
    if (!m_session || !room)
        return;
    if (auto *open = findChild<DevicesDialog *>(QStringLiteral("devicesDialog"))) {
        open->showUser(userId);
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new DevicesDialog(m_session->crypto(), room, userId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showSessionInfo()
{
    if (!m_session)
        return;
    auto *dialog = new SessionInfoDialog(m_session->userId(), m_session->crypto(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Estafette"),
                       tr("<p><b>Estafette</b> %1</p><p>Secure messaging for state agents, built on the open "
                          "Matrix protocol.</p><p>Qt %2</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

} // namespace estafette
