// What a screen reader gets from every window of the app, through QAccessible (see accessibility_audit.h for the
// rules): the main window signed in to the local Synapse with an invitation, an encrypted room and a room with
// unread messages (menus included), the sign-in window in each of its states, and every dialog and message box
// the app shows (TestAccessibility::dialogs(): add a new dialog there). Also: the room list rows say more than the room's
// name, and a message whose "body" is not text (possible only in an encrypted room, where the server can't
// check) is announced as an unreadable message with the reason, in English and in French.
#include "accessibility_audit.h"
#include "app_controller.h"
#include "app_options.h"
#include "create_room_dialog.h"
#include "devices_dialog.h"
#include "direct_chat_dialog.h"
#include "invite_dialog.h"
#include "main_window.h"
#include "models/room_list_model.h"
#include "models/timeline_model.h"
#include "room_list_panel.h"
#include "room_view.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "session_info_dialog.h"
#include "sign_in_window.h"
#include "sign_out_dialog.h"
#include "store_problem_dialog.h"
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"
#include "timeline/timeline_view.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QTreeWidget>

using namespace estafette;
using namespace estafette::test;

namespace {

// Calls `audit` with one opened window, once it is shown; the case closes what it opened afterwards.
using Audit = std::function<void(QWidget *window)>;
struct DialogCase {
    QString name;
    std::function<void(const Audit &audit)> run;
};

// A dialog the test made or the app opened: audited once shown, then closed.
void auditShown(QWidget *window, const Audit &audit)
{
    QVERIFY(window);
    QPointer<QWidget> guard(window);
    if (!window->isVisible())
        window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    audit(window);
    if (guard)
        guard->close();
    if (guard && !guard->testAttribute(Qt::WA_DeleteOnClose))
        delete guard.data();
    QTRY_VERIFY(!guard);
}

template<typename T>
T *waitForChild(QWidget *parent, const QString &name = {})
{
    T *found = nullptr;
    for (int i = 0; i < 100 && !(found && found->isVisible()); ++i) {
        found = parent->findChild<T *>(name);
        if (!(found && found->isVisible()))
            QTest::qWait(50);
    }
    return found && found->isVisible() ? found : nullptr;
}

void trigger(QWidget *window, const char *actionName)
{
    auto *action = window->findChild<QAction *>(QString::fromLatin1(actionName));
    QVERIFY2(action && action->isEnabled(), actionName);
    action->trigger();
}

// Audits the popup (menu) or modal window that `open` shows with exec(), from inside its event loop.
void auditWhileModal(const std::function<void()> &open, const Audit &audit)
{
    bool audited = false;
    QTimer timer; // owned here: never fires after this function returned
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        QWidget *shown = QApplication::activePopupWidget();
        if (!shown)
            shown = QApplication::activeModalWidget();
        if (!shown) {
            timer.start(100);
            return;
        }
        audited = true;
        audit(shown);
        shown->close();
    });
    timer.start(200);
    open();
    QTRY_VERIFY2(audited, "nothing was shown");
}

QModelIndex rowWhere(QAbstractItemModel *model, int role, const QVariant &value)
{
    for (int row = model->rowCount() - 1; row >= 0; --row)
        if (model->index(row, 0).data(role) == value)
            return model->index(row, 0);
    return {};
}

// The accessible child of `view` that stands for `index` (a row, as a screen reader reaches it).
QAccessibleInterface *accessibleRow(QAbstractItemView *view, const QModelIndex &index)
{
    AccessibilityAudit::refreshItemViews(view->window());
    QAccessibleInterface *list = QAccessible::queryAccessibleInterface(view);
    if (!list)
        return nullptr;
    if (QAccessibleTableInterface *table = list->tableInterface())
        return table->cellAt(index.row(), index.column());
    return nullptr;
}

} // namespace

class TestAccessibility : public QObject {
    Q_OBJECT
    TestServer m_server;
    std::optional<TestUser> m_me;
    std::optional<TestUser> m_peerUser;
    NioPeer m_peer;
    QTemporaryDir m_profile;
    std::unique_ptr<AppController> m_app;
    MainWindow *m_main = nullptr;
    QString m_encryptedRoom, m_plainRoom, m_inviteRoom, m_unreadableEventId;

    Session *session() const { return m_app->session(); }

    Room *joinRoom(const QString &roomId)
    {
        Room *room = nullptr;
        for (int i = 0; i < 600 && !(room = session()->rooms()->room(roomId)); ++i)
            QTest::qWait(50);
        if (!room)
            return nullptr;
        session()->roomActions()->acceptInvite(roomId);
        for (int i = 0; i < 600 && room->membership() != Membership::Join; ++i)
            QTest::qWait(50);
        return room->membership() == Membership::Join ? room : nullptr;
    }

    // Every dialog and message box of the app (grep app/ for QDialog, QMessageBox, QMenu). A new one: add it here.
    QList<DialogCase> dialogs()
    {
        const auto storeProblem = [](StoreError::Kind kind) {
            return [kind](const Audit &audit) {
                auditShown(new StoreProblemDialog(StoreError{kind, QStringLiteral("SQLITE_NOTADB")},
                                                  QStringLiteral("/tmp/aside"), QStringLiteral("/tmp/data")),
                           audit);
            };
        };
        return {
            {"create room", [this](const Audit &audit) {
                 trigger(m_main, "newRoomAction");
                 auditShown(waitForChild<CreateRoomDialog>(m_main), audit);
             }},
            {"direct chat", [this](const Audit &audit) {
                 trigger(m_main, "newDirectChatAction");
                 auditShown(waitForChild<DirectChatDialog>(m_main), audit);
             }},
            {"invite", [this](const Audit &audit) {
                 trigger(m_main, "inviteAction");
                 auditShown(waitForChild<InviteDialog>(m_main), audit);
             }},
            {"devices", [this](const Audit &audit) {
                 trigger(m_main, "memberDevicesAction");
                 auto *dialog = waitForChild<DevicesDialog>(m_main);
                 QVERIFY(dialog);
                 QTRY_VERIFY_WITH_TIMEOUT(dialog->deviceList()->topLevelItemCount() > 0, 30000);
                 auditShown(dialog, audit);
             }},
            {"devices without encryption", [this](const Audit &audit) {
                 auditShown(new DevicesDialog(nullptr, m_main->roomView()->room(), m_peerUser->userId), audit);
             }},
            {"session info", [this](const Audit &audit) {
                 trigger(m_main, "sessionInfoAction");
                 auditShown(waitForChild<SessionInfoDialog>(m_main), audit);
             }},
            {"session info without encryption", [this](const Audit &audit) {
                 auditShown(new SessionInfoDialog(m_me->userId, nullptr), audit);
             }},
            {"store problem: keychain unavailable", storeProblem(StoreError::Kind::KeychainUnavailable)},
            {"store problem: key missing", storeProblem(StoreError::Kind::KeyMissing)},
            {"store problem: wrong key or damaged", storeProblem(StoreError::Kind::WrongKeyOrCorrupt)},
            {"store problem: not encrypted", storeProblem(StoreError::Kind::NotEncrypted)},
            {"store problem: input/output", storeProblem(StoreError::Kind::Io)},
            {"store problem: migration", storeProblem(StoreError::Kind::Migration)},
            {"message box", [this](const Audit &audit) {
                 m_main->showMessage(QStringLiteral("The invitation could not be sent."),
                                     QStringLiteral("The invitation could not be sent.\nThe server refused it."));
                 auditShown(waitForChild<QMessageBox>(m_main, QStringLiteral("messageBox")), audit);
             }},
            {"enable encryption confirmation", [this](const Audit &audit) {
                 QVERIFY(m_main->roomList()->selectRoom(m_plainRoom));
                 trigger(m_main, "enableEncryptionAction");
                 auditShown(waitForChild<QMessageBox>(m_main, QStringLiteral("enableEncryptionDialog")), audit);
             }},
            {"key sharing approval", [this](const Audit &audit) {
                 StoredDevice device;
                 device.userId = m_me->userId;
                 device.deviceId = QStringLiteral("NEWDEVICE");
                 device.displayName = QStringLiteral("Portable");
                 device.ed25519 = QStringLiteral("lb9dDbow5g4MtCQd8DqSEg3h9K5w4Yx1vQpZ0aBcDeF");
                 emit session()->crypto()->ownDeviceWantsKeys(device);
                 auditShown(waitForChild<QMessageBox>(m_main, QStringLiteral("shareKeysDialog")), audit);
             }},
            {"sign-out confirmation", [this](const Audit &audit) {
                 trigger(m_main, "signOutAction");
                 auto *dialog = waitForChild<SignOutDialog>(m_main);
                 QVERIFY(dialog);
                 auditShown(dialog, audit); // closed: Cancel, still signed in
             }},
            {"about", [this](const Audit &audit) {
                 auditWhileModal([this] { trigger(m_main, "aboutAction"); }, audit);
             }},
            {"message context menu", [this](const Audit &audit) {
                 TimelineView *timeline = m_main->roomView()->timeline();
                 const QModelIndex row = rowWhere(timeline->model(), TimelineModel::SenderIdRole, m_peerUser->userId);
                 QVERIFY(row.isValid());
                 timeline->setCurrentIndex(row);
                 auditWhileModal([timeline] {
                     QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(10, 10), timeline->mapToGlobal(QPoint(10, 10)));
                     QApplication::sendEvent(timeline, &event);
                 }, audit);
             }},
        };
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        m_me = registerUser(m_server, QStringLiteral("a11yagent"), false, &error);
        QVERIFY2(m_me, qPrintable(error));
        m_peerUser = registerUser(m_server, QStringLiteral("a11ypeer"), false, &error);
        QVERIFY2(m_peerUser, qPrintable(error));
        QVERIFY2(m_peer.start(m_server, *m_peerUser, &error), qPrintable(error));

        AppOptions options;
        options.profileDir = m_profile.path();
        options.language = QStringLiteral("en");
        options.homeserver = m_server.baseUrl.toString();
        options.user = m_me->localpart;
        options.password = m_me->password;
        m_app = std::make_unique<AppController>(options);
        m_app->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_app->mainWindow() != nullptr, 30000);
        m_main = m_app->mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(m_main));
        QVERIFY(session()->crypto());
        QTRY_VERIFY_WITH_TIMEOUT(session()->crypto()->isStarted() && session()->crypto()->deviceKeysPublished(),
                                 30000);

        // A room with unread messages, left unread (another room is open when they arrive).
        m_plainRoom = m_peer.createRoom(QStringLiteral("Salon en clair"), {m_me->userId});
        QVERIFY(!m_plainRoom.isEmpty());
        QVERIFY(joinRoom(m_plainRoom));
        // An encrypted room with a topic, created here and open, with a message of the peer and one whose "body" is
        // a number (encrypted with the peer's own Megolm session: the server never sees the content).
        session()->roomActions()->createRoom(QStringLiteral("Cellule chiffrée"), QStringLiteral("Coordination de crise"),
                                             {m_peerUser->userId}, true);
        QTRY_VERIFY_WITH_TIMEOUT(m_main->roomView()->room()
                                     && m_main->roomView()->room()->displayName() == QStringLiteral("Cellule chiffrée"),
                                 30000);
        Room *encrypted = m_main->roomView()->room();
        m_encryptedRoom = encrypted->id();
        QTRY_VERIFY_WITH_TIMEOUT(encrypted->isEncrypted(), 20000);
        QVERIFY(m_peer.waitForInvite(m_encryptedRoom));
        QVERIFY(m_peer.join(m_encryptedRoom));
        QTRY_VERIFY_WITH_TIMEOUT(encrypted->state().member(m_peerUser->userId).has_value()
                                     && encrypted->state().member(m_peerUser->userId)->membership
                                            == QStringLiteral("join"),
                                 20000);
        QVERIFY(!m_peer.sendText(m_encryptedRoom, QStringLiteral("Premier message chiffré")).isEmpty());
        const QJsonObject forged = m_peer.forgeMegolm(m_encryptedRoom, QStringLiteral("m.room.message"),
                                                      {{"msgtype", "m.text"}, {"body", 42}});
        QVERIFY(!forged.isEmpty());
        m_unreadableEventId = m_peer.sendRaw(m_encryptedRoom, QStringLiteral("m.room.encrypted"), forged);
        QVERIFY(!m_unreadableEventId.isEmpty());
        QVERIFY(!m_peer.sendText(m_plainRoom, QStringLiteral("Réunion à 15 h")).isEmpty());
        QVERIFY(!m_peer.sendText(m_plainRoom, QStringLiteral("Salle B, deuxième étage")).isEmpty());
        // And an invitation, pending.
        m_inviteRoom = m_peer.createRoom(QStringLiteral("Invitation en attente"), {m_me->userId});
        QVERIFY(!m_inviteRoom.isEmpty());

        RoomList *rooms = session()->rooms();
        QTRY_VERIFY_WITH_TIMEOUT(rooms->room(m_inviteRoom)
                                     && rooms->room(m_inviteRoom)->membership() == Membership::Invite,
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(rooms->room(m_plainRoom)->unreadCount() == 2, 30000);
        TimelineModel *timeline = m_main->roomView()->timeline()->timelineModel();
        QTRY_VERIFY_WITH_TIMEOUT(rowWhere(timeline, TimelineModel::EventIdRole, m_unreadableEventId).isValid(), 30000);
        const QModelIndex unreadable = rowWhere(timeline, TimelineModel::EventIdRole, m_unreadableEventId);
        // Decrypted (the realistic case: the server could not check the content).
        QTRY_COMPARE_WITH_TIMEOUT(unreadable.data(TimelineModel::EventTypeRole).toString(),
                                  QStringLiteral("m.room.message"), 30000);
    }

    void mainWindowExposesEverythingItShows()
    {
        // The walk reaches the menus' items and the rows of the lists, not only widgets.
        const auto reaches = [this](QAccessible::Role role, const QString &name) {
            return AccessibilityAudit::find(m_main, [&](QAccessibleInterface *iface) {
                       return iface->role() == role && iface->text(QAccessible::Name).startsWith(name);
                   })
                != nullptr;
        };
        QVERIFY(reaches(QAccessible::MenuItem, QStringLiteral("Sign out")));
        QVERIFY(reaches(QAccessible::MenuItem, QStringLiteral("About Estafette")));
        QVERIFY(reaches(QAccessible::ListItem, QStringLiteral("Invitation en attente")));
        QVERIFY(reaches(QAccessible::ListItem, QStringLiteral("Premier message chiffré")));
        QStringList problems;
        const auto audit = [&](const QString &state) {
            for (const QString &problem : AccessibilityAudit::problems(m_main))
                problems << state + QStringLiteral(": ") + problem;
        };
        audit(QStringLiteral("encrypted room open"));

        // The invitation open (its bar instead of the composer), then the room list filtered.
        QVERIFY(m_main->roomList()->selectRoom(m_inviteRoom));
        QTRY_VERIFY(m_main->findChild<QWidget *>(QStringLiteral("inviteBar"))->isVisible());
        audit(QStringLiteral("invitation open"));
        auto *filter = m_main->findChild<QLineEdit *>(QStringLiteral("roomFilterEdit"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("Salon"));
        audit(QStringLiteral("room list filtered"));
        filter->clear();
        QVERIFY(m_main->roomList()->selectRoom(m_encryptedRoom));
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n") + problems.join(QLatin1Char('\n'))));
    }

    void roomHeaderAnnouncesTheRoom()
    {
        QWidget *header = m_main->findChild<QWidget *>(QStringLiteral("roomHeaderName"));
        QVERIFY(header);
        QAccessibleInterface *name = QAccessible::queryAccessibleInterface(header);
        QVERIFY(name);
        QCOMPARE(name->text(QAccessible::Name), QStringLiteral("Cellule chiffrée"));
    }

    // Each row says what it shows: invitation, encryption, unread messages, the last message.
    void roomListRowsSayWhatTheyShow()
    {
        QListView *list = m_main->roomList()->view();
        QAbstractItemModel *model = list->model();
        const auto nameOf = [&](const QString &roomId) {
            QAccessibleInterface *row = accessibleRow(list, rowWhere(model, RoomListModel::RoomIdRole, roomId));
            return row ? row->text(QAccessible::Name) : QString();
        };
        const QString invite = nameOf(m_inviteRoom);
        QVERIFY2(invite.startsWith(QStringLiteral("Invitation en attente")) && invite.contains(QStringLiteral("invitation"))
                     && invite.contains(QStringLiteral("a11ypeer")),
                 qPrintable(invite));
        const QString encrypted = nameOf(m_encryptedRoom);
        QVERIFY2(encrypted.startsWith(QStringLiteral("Cellule chiffrée"))
                     && encrypted.contains(QStringLiteral("end-to-end encrypted")),
                 qPrintable(encrypted));
        const QString plain = nameOf(m_plainRoom);
        QVERIFY2(plain.startsWith(QStringLiteral("Salon en clair")) && plain.contains(QStringLiteral("2 unread messages"))
                     && plain.contains(QStringLiteral("Salle B, deuxième étage"))
                     && !plain.contains(QStringLiteral("encrypted")),
                 qPrintable(plain));
    }

    // The message whose "body" is a number: a row that says so, not a blank one; the reason as its description.
    void unreadableMessageIsAnnounced()
    {
        TimelineView *view = m_main->roomView()->timeline();
        const QModelIndex index = rowWhere(view->model(), TimelineModel::EventIdRole, m_unreadableEventId);
        QVERIFY(index.isValid());
        QAccessibleInterface *row = accessibleRow(view, index);
        QVERIFY(row);
        QCOMPARE(row->text(QAccessible::Name), QStringLiteral("Unreadable message"));
        QVERIFY2(row->text(QAccessible::Description).contains(QStringLiteral("not text")),
                 qPrintable(row->text(QAccessible::Description)));

        // With ESTAFETTE_TEST_GRABS=<folder>, how the row looks is saved there, for a person to look at.
        if (const QString folder = qEnvironmentVariable("ESTAFETTE_TEST_GRABS"); !folder.isEmpty())
            m_main->grab().save(folder + QStringLiteral("/unreadable-message.png"));

        QTranslator french;
        QVERIFY(french.load(QStringLiteral(":/i18n/estafette_fr.qm")));
        QApplication::installTranslator(&french);
        const QString name = row->text(QAccessible::Name);
        const QString description = row->text(QAccessible::Description);
        const QString plainRow = accessibleRow(m_main->roomList()->view(),
                                               rowWhere(m_main->roomList()->view()->model(), RoomListModel::RoomIdRole,
                                                        m_plainRoom))
                                     ->text(QAccessible::Name);
        QApplication::removeTranslator(&french);
        // Deliver the language changes now: a dialog opened later must not get them (its buttons would be
        // retranslated to the standard "OK").
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCOMPARE(name, QStringLiteral("Message illisible"));
        QVERIFY2(description.contains(QStringLiteral("n’est pas du texte")), qPrintable(description));
        QVERIFY2(plainRow.contains(QStringLiteral("2 messages non lus")), qPrintable(plainRow));
    }

    void everyDialogExposesEverythingItShows()
    {
        QStringList all;
        for (const DialogCase &dialog : dialogs()) {
            bool audited = false;
            dialog.run([&](QWidget *window) {
                audited = true;
                for (const QString &problem : AccessibilityAudit::problems(window))
                    all << dialog.name + QStringLiteral(": ") + problem;
            });
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("could not open “%1”").arg(dialog.name)));
            QVERIFY2(audited, qPrintable(dialog.name));
        }
        QVERIFY(m_app->mainWindow() == m_main && session()); // no dialog signed out or closed the window
        QVERIFY2(all.isEmpty(), qPrintable(QStringLiteral("\n") + all.join(QLatin1Char('\n'))));
    }

    // The sign-in window as it first shows, with an error, with a notice, and busy signing in.
    void signInWindowExposesEverythingItShows()
    {
        SignInWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList all;
        const auto audit = [&](const QString &state) {
            for (const QString &problem : AccessibilityAudit::problems(&window))
                all << state + QStringLiteral(": ") + problem;
        };
        audit(QStringLiteral("empty"));
        window.showError(QStringLiteral("The password is wrong."));
        audit(QStringLiteral("error"));
        window.showError({});
        window.showNotice(QStringLiteral("Your session has expired: sign in again."));
        audit(QStringLiteral("notice"));
        window.setBusy(true, QStringLiteral("Signing in…"));
        audit(QStringLiteral("busy"));
        QVERIFY2(all.isEmpty(), qPrintable(QStringLiteral("\n") + all.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestAccessibility)
#include "test_accessibility.moc"
