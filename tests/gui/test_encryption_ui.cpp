// End-to-end encryption as a person sees it, offscreen, against the local Synapse with a matrix-nio peer (the app
// signs in with an encrypted store, so its crypto is on): a direct chat started from the menu is encrypted and
// the room header says so; the peer's message shows decrypted, and one whose key never came, or that replays a
// used key, shows as a placeholder that says why; the member's devices and this device's fingerprint are
// reachable. A room created with the "Encrypt" box unticked is not encrypted; enabling encryption asks first,
// and Cancel leaves the room as it was. Without a server: the markers of decrypted messages whose sender is not
// established.
#include "app_controller.h"
#include "app_options.h"
#include "create_room_dialog.h"
#include "devices_dialog.h"
#include "direct_chat_dialog.h"
#include "encryption_badge.h"
#include "events/event_encryption.h"
#include "fingerprint.h"
#include "main_window.h"
#include "message_security.h"
#include "models/room_list_model.h"
#include "models/timeline_model.h"
#include "room_view.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "session_info_dialog.h"
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_view.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

using namespace estafette;
using namespace estafette::test;

namespace {
template<typename T>
T *findIn(QWidget *window, const char *name)
{
    return window ? window->findChild<T *>(QString::fromLatin1(name)) : nullptr;
}

void trigger(QWidget *window, const char *actionName)
{
    auto *action = window->findChild<QAction *>(QString::fromLatin1(actionName));
    QVERIFY2(action, actionName);
    QVERIFY2(action->isEnabled(), actionName);
    action->trigger();
}

// The newest timeline row whose shown text contains `text`.
QModelIndex rowWithText(QAbstractItemModel *model, const QString &text)
{
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(TimelineModel::BodyRole).toString().contains(text))
            return index;
    }
    return {};
}

// Unpadded base64 in groups of four separated by single spaces.
const QRegularExpression kGrouped(QStringLiteral("^[A-Za-z0-9+/]{1,4}( [A-Za-z0-9+/]{1,4})*$"));
} // namespace

class TestEncryptionUi : public QObject {
    Q_OBJECT
    TestServer m_server;
    std::optional<TestUser> m_me;
    std::optional<TestUser> m_peerUser;
    NioPeer m_peer;
    QTemporaryDir m_profile;
    std::unique_ptr<AppController> m_app;
    MainWindow *m_main = nullptr;

    Session *session() const { return m_app->session(); }


private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        m_me = registerUser(m_server, QStringLiteral("e2eeui"), false, &error);
        QVERIFY2(m_me, qPrintable(error));
        m_peerUser = registerUser(m_server, QStringLiteral("e2eeuipeer"), false, &error);
        QVERIFY2(m_peerUser, qPrintable(error));
        QVERIFY2(m_peer.start(m_server, *m_peerUser, &error), qPrintable(error));

        // Signed in by the app itself from the command-line options (as the demo does): new account, new
        // encrypted store, new device with its keys.
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
    }

    void directChatIsEncryptedAndShowsDecryptedMessages()
    {
        // Rooms > New direct chat…, with the peer.
        trigger(m_main, "newDirectChatAction");
        DirectChatDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = m_main->findChild<DirectChatDialog *>()) && dialog->isVisible(), 5000);
        auto *edit = findIn<QLineEdit>(dialog, "userIdEdit");
        QVERIFY(edit);
        QTest::keyClicks(edit, m_peerUser->userId);
        auto *start = findIn<QPushButton>(dialog, "acceptButton");
        QVERIFY(start && start->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);

        // The new room is selected as soon as it is listed; it is encrypted from the start.
        QTRY_VERIFY_WITH_TIMEOUT(m_main->roomView()->room() != nullptr, 30000);
        Room *room = m_main->roomView()->room();
        const QString roomId = room->id();
        QTRY_VERIFY_WITH_TIMEOUT(room->isEncrypted(), 20000);
        auto *badge = findIn<EncryptionBadge>(m_main, "roomHeaderEncryption");
        QVERIFY(badge);
        QVERIFY(badge->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(badge->accessibleName(), QStringLiteral("End-to-end encrypted"), 5000);
        QVERIFY(badge->toolTip().startsWith(QStringLiteral("End-to-end encrypted")));
        QCOMPARE(badge->text(), QStringLiteral("End-to-end encrypted"));
        auto *enable = m_main->findChild<QAction *>(QStringLiteral("enableEncryptionAction"));
        QVERIFY(enable);
        QVERIFY(!enable->isEnabled()); // nothing to enable: it is on, for good

        // The peer joins and writes; the message shows decrypted, with no warning.
        QVERIFY(m_peer.waitForInvite(roomId));
        QVERIFY(m_peer.join(roomId));
        const QString fromPeer = QStringLiteral("Bonjour, ceci est chiffre de bout en bout");
        QVERIFY(!m_peer.sendText(roomId, fromPeer).isEmpty());
        auto *timeline = findIn<TimelineView>(m_main, "timelineView");
        QVERIFY(timeline);
        QTRY_VERIFY_WITH_TIMEOUT(rowWithText(timeline->model(), fromPeer).isValid(), 30000);
        QModelIndex row = rowWithText(timeline->model(), fromPeer);
        QCOMPARE(row.data(TimelineModel::EventTypeRole).toString(), QStringLiteral("m.room.message"));
        QCOMPARE(row.data(TimelineModel::SenderIdRole).toString(), m_peerUser->userId);
        QCOMPARE(MessageSecurity::of(row).mark(), MessageSecurity::Mark::None);

        // Our answer through the composer reaches the peer encrypted, and is shown without a marker.
        auto *composer = findIn<QPlainTextEdit>(m_main, "composer");
        QVERIFY(composer);
        composer->setFocus();
        const QString answer = QStringLiteral("Bien recu, merci");
        QTest::keyClicks(composer, answer);
        QTest::keyClick(composer, Qt::Key_Return);
        const QJsonObject decrypted = m_peer.waitForDecrypted(roomId, answer, m_me->userId);
        QVERIFY2(!decrypted.isEmpty(), "the peer did not decrypt our answer");
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->containsEvent(decrypted.value("event_id").toString()), 30000);
        row = rowWithText(timeline->model(), answer);
        QVERIFY(row.isValid());
        QCOMPARE(MessageSecurity::of(row).mark(), MessageSecurity::Mark::None);

        // A message whose key never came says so, in the timeline and in the room list.
        const QJsonObject lost{{"algorithm", "m.megolm.v1.aes-sha2"}, {"sender_key", m_peer.curve25519()},
                               {"session_id", QString(43, QLatin1Char('A'))},
                               {"ciphertext", QStringLiteral("AwgAEhAAAAAAAAAAAAAAAAAAAAAA")},
                               {"device_id", m_peer.deviceId()}};
        QVERIFY(!m_peer.sendRaw(roomId, QStringLiteral("m.room.encrypted"), lost).isEmpty());
        const QString waiting = QStringLiteral("Encrypted message: its key has not been received yet.");
        QTRY_VERIFY_WITH_TIMEOUT(rowWithText(timeline->model(), waiting).isValid(), 30000);
        row = rowWithText(timeline->model(), waiting);
        QCOMPARE(row.data(TimelineModel::EventTypeRole).toString(), QStringLiteral("m.room.encrypted"));
        QCOMPARE(MessageSecurity::of(row).mark(), MessageSecurity::Mark::Undecrypted);
        QVERIFY(!MessageSecurity::of(row).explanation().isEmpty());
        auto *roomList = findIn<QListView>(m_main, "roomList");
        QVERIFY(roomList);
        const auto listedAsWaiting = [&] {
            for (int i = 0; i < roomList->model()->rowCount(); ++i) {
                const QModelIndex r = roomList->model()->index(i, 0);
                if (r.data(RoomListModel::RoomIdRole).toString() == roomId)
                    return r.data(RoomListModel::LastMessageRole).toString().endsWith(
                               QStringLiteral("Encrypted message, waiting for its key"))
                        && r.data(RoomListModel::IsEncryptedRole).toBool();
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(listedAsWaiting(), 10000);

        // The same Megolm message sent twice: the first shows, the second is a replay and is rejected.
        const QJsonObject forged = m_peer.forgeMegolm(roomId, QStringLiteral("m.room.message"),
                                                      {{"msgtype", "m.text"}, {"body", "Message rejoue"}});
        QVERIFY(!forged.isEmpty());
        QVERIFY(!m_peer.sendRaw(roomId, QStringLiteral("m.room.encrypted"), forged).isEmpty());
        QVERIFY(!m_peer.sendRaw(roomId, QStringLiteral("m.room.encrypted"), forged).isEmpty());
        const QString rejected = QStringLiteral("Message rejected: it reuses a key already used (possible replay attack).");
        QTRY_VERIFY_WITH_TIMEOUT(rowWithText(timeline->model(), rejected).isValid(), 30000);
        QCOMPARE(MessageSecurity::of(rowWithText(timeline->model(), rejected)).mark(), MessageSecurity::Mark::Rejected);
        QVERIFY(rowWithText(timeline->model(), QStringLiteral("Message rejoue")).isValid());
        saveGrab(m_main->grab(), "direct-chat");
    }

    void devicesOfTheMemberAndOfThisSession()
    {
        // Rooms > Devices of a member…: in a direct chat, the other person first; their device and fingerprint.
        trigger(m_main, "memberDevicesAction");
        DevicesDialog *devices = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((devices = m_main->findChild<DevicesDialog *>()) && devices->isVisible(), 5000);
        QCOMPARE(devices->userId(), m_peerUser->userId);
        QTreeWidget *list = devices->deviceList();
        QTRY_VERIFY_WITH_TIMEOUT(list->topLevelItemCount() >= 1, 30000);
        QTreeWidgetItem *peerDevice = nullptr;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (list->topLevelItem(i)->text(1) == m_peer.deviceId())
                peerDevice = list->topLevelItem(i);
        QVERIFY2(peerDevice, qPrintable(m_peer.deviceId()));
        QCOMPARE(peerDevice->text(2), Fingerprint::grouped(m_peer.ed25519()));
        QVERIFY(kGrouped.match(peerDevice->text(2)).hasMatch());
        QCOMPARE(Fingerprint::grouped(QStringLiteral("abcdefghij")), QStringLiteral("abcd efgh ij"));

        // Our own devices: this one is marked.
        auto *combo = findIn<QComboBox>(devices, "memberCombo");
        QVERIFY(combo);
        devices->showUser(m_me->userId);
        QCOMPARE(devices->userId(), m_me->userId);
        QTRY_VERIFY_WITH_TIMEOUT(list->topLevelItemCount() >= 1, 30000);
        bool thisDeviceMarked = false;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (list->topLevelItem(i)->text(1) == session()->crypto()->deviceId())
                thisDeviceMarked = list->topLevelItem(i)->text(0).contains(QStringLiteral("this device"));
        QVERIFY(thisDeviceMarked);
        saveGrab(devices->grab(), "devices");
        devices->close();

        // Account > Session info…: this device's id and fingerprint.
        trigger(m_main, "sessionInfoAction");
        SessionInfoDialog *info = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((info = m_main->findChild<SessionInfoDialog *>()) && info->isVisible(), 5000);
        auto *deviceId = findIn<QLabel>(info, "sessionDeviceId");
        auto *fingerprint = findIn<QLabel>(info, "sessionFingerprint");
        QVERIFY(deviceId && fingerprint);
        QCOMPARE(deviceId->text(), session()->crypto()->deviceId());
        QCOMPARE(fingerprint->text(), Fingerprint::grouped(session()->crypto()->identityKeys().ed25519));
        QVERIFY(kGrouped.match(fingerprint->text()).hasMatch());
        saveGrab(info->grab(), "session-info");
        info->close();
    }

    void enablingEncryptionAsksFirst()
    {
        // Rooms > New room…: encrypted unless unticked; unticked here.
        trigger(m_main, "newRoomAction");
        CreateRoomDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = m_main->findChild<CreateRoomDialog *>()) && dialog->isVisible(), 5000);
        auto *encrypted = findIn<QCheckBox>(dialog, "encryptedCheck");
        QVERIFY(encrypted);
        QVERIFY(encrypted->isChecked());
        QTest::keyClicks(findIn<QLineEdit>(dialog, "roomNameEdit"), QStringLiteral("Salon en clair"));
        saveGrab(dialog->grab(), "new-room");
        encrypted->setChecked(false);
        QVERIFY(!dialog->encrypted());
        QTest::mouseClick(findIn<QPushButton>(dialog, "acceptButton"), Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(m_main->roomView()->room()
                                     && m_main->roomView()->room()->displayName() == QStringLiteral("Salon en clair"),
                                 30000);
        Room *room = m_main->roomView()->room();
        // The whole initial state has arrived (history visibility comes after the join rules), still no encryption.
        QTRY_VERIFY_WITH_TIMEOUT(room->state().get(QStringLiteral("m.room.history_visibility")) != nullptr, 20000);
        QVERIFY(!room->isEncrypted());
        auto *badge = findIn<EncryptionBadge>(m_main, "roomHeaderEncryption");
        QCOMPARE(badge->accessibleName(), QStringLiteral("Not encrypted"));
        QVERIFY(badge->isVisible());

        // Someone who never used an app with encryption: the devices dialog says their devices are not known.
        QString error;
        const auto newcomer = registerUser(m_server, QStringLiteral("e2eeuinokeys"), false, &error);
        QVERIFY2(newcomer, qPrintable(error));
        session()->roomActions()->invite(room->id(), newcomer->userId);
        QTRY_VERIFY_WITH_TIMEOUT(room->state().member(newcomer->userId).has_value(), 20000);
        trigger(m_main, "memberDevicesAction");
        DevicesDialog *devices = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((devices = m_main->findChild<DevicesDialog *>()) && devices->isVisible(), 5000);
        devices->showUser(newcomer->userId);
        auto *status = findIn<QLabel>(devices, "devicesStatus");
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("are not known yet")), 30000);
        QCOMPARE(devices->deviceList()->topLevelItemCount(), 0);
        saveGrab(devices->grab(), "devices-unknown");
        devices->close();

        // Rooms > Enable end-to-end encryption…: a confirmation that says it is irreversible; Cancel by default.
        trigger(m_main, "enableEncryptionAction");
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = m_main->findChild<QMessageBox *>(QStringLiteral("enableEncryptionDialog")))
                                     && box->isVisible(),
                                 5000);
        QVERIFY(box->informativeText().contains(QStringLiteral("cannot be undone")));
        auto *confirm = findIn<QPushButton>(box, "confirmEnableEncryptionButton");
        auto *cancel = findIn<QPushButton>(box, "cancelEnableEncryptionButton");
        QVERIFY(confirm && cancel);
        QCOMPARE(confirm->text(), QStringLiteral("Enable encryption"));
        QCOMPARE(cancel->text(), QStringLiteral("Cancel"));
        QCOMPARE(box->defaultButton(), cancel);
        saveGrab(box->grab(), "enable-encryption");
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_main->findChild<QMessageBox *>(QStringLiteral("enableEncryptionDialog")), 5000);

        // Cancelled: nothing sent. A message sent now comes back through sync after any state change would.
        QVERIFY(m_main->roomView()->room() == room);
        auto *composer = findIn<QPlainTextEdit>(m_main, "composer");
        composer->setFocus();
        QTest::keyClicks(composer, QStringLiteral("toujours en clair"));
        QTest::keyClick(composer, Qt::Key_Return);
        const auto echoed = [&] {
            const QModelIndex r = rowWithText(m_main->roomView()->timeline()->model(), QStringLiteral("toujours en clair"));
            return r.isValid() && !r.data(TimelineModel::EventIdRole).toString().isEmpty()
                && SendState(r.data(TimelineModel::SendStateRole).toInt()) != SendState::Sending;
        };
        QTRY_VERIFY_WITH_TIMEOUT(echoed(), 30000);
        QTest::qWait(1500);
        QVERIFY(!room->isEncrypted());
        QCOMPARE(badge->accessibleName(), QStringLiteral("Not encrypted"));
        QVERIFY(m_main->findChild<QAction *>(QStringLiteral("enableEncryptionAction"))->isEnabled());

        // Confirmed this time: the room becomes encrypted, the header follows, the action goes away.
        trigger(m_main, "enableEncryptionAction");
        QTRY_VERIFY_WITH_TIMEOUT((box = m_main->findChild<QMessageBox *>(QStringLiteral("enableEncryptionDialog")))
                                     && box->isVisible(),
                                 5000);
        QTest::mouseClick(findIn<QPushButton>(box, "confirmEnableEncryptionButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(room->isEncrypted(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(badge->accessibleName(), QStringLiteral("End-to-end encrypted"), 5000);
        QVERIFY(!m_main->findChild<QAction *>(QStringLiteral("enableEncryptionAction"))->isEnabled());
    }

    // Without a server: a decrypted message whose key does not belong to its sender carries a visible warning
    // under it (a taller row); one whose device is not known yet, or whose key was forwarded, a subtle marker.
    // One of our own devices asks for room keys: the person is asked, "Ignore" is the default, and the answer
    // reaches encryption (nothing shared on Ignore).
    void ownDeviceAskingForKeysAsksThePerson()
    {
        StoredDevice device;
        device.userId = session()->userId();
        device.deviceId = QStringLiteral("NEWDEVICE");
        device.displayName = QStringLiteral("Portable");
        device.ed25519 = QStringLiteral("lb9dDbow5g4MtCQd8DqSEg3h9K5w4Yx1vQpZ0aBcDeF");
        emit session()->crypto()->ownDeviceWantsKeys(device);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = m_main->findChild<QMessageBox *>(QStringLiteral("shareKeysDialog")))
                                     && box->isVisible(),
                                 5000);
        QVERIFY(box->text().contains(QStringLiteral("Portable")));
        QVERIFY(box->informativeText().contains(QStringLiteral("NEWDEVICE")));
        QVERIFY(box->informativeText().contains(Fingerprint::grouped(device.ed25519)));
        auto *ignore = box->findChild<QPushButton *>(QStringLiteral("ignoreKeyRequestButton"));
        QVERIFY(ignore);
        QCOMPARE(box->defaultButton(), ignore);
        saveGrab(box->grab(), "share-keys");
        QTest::mouseClick(ignore, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_main->findChild<QMessageBox *>(QStringLiteral("shareKeysDialog")), 5000);

        // In French.
        QTranslator french;
        QVERIFY(french.load(QStringLiteral(":/i18n/estafette_fr.qm")));
        QApplication::installTranslator(&french);
        emit session()->crypto()->ownDeviceWantsKeys(device);
        QTRY_VERIFY_WITH_TIMEOUT((box = m_main->findChild<QMessageBox *>(QStringLiteral("shareKeysDialog")))
                                     && box->isVisible(),
                                 5000);
        QCOMPARE(box->windowTitle(), QStringLiteral("Partager les clés de vos messages\u00a0?"));
        QVERIFY(box->informativeText().contains(QStringLiteral("Empreinte")));
        saveGrab(box->grab(), "share-keys-fr");
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("ignoreKeyRequestButton")), Qt::LeftButton);
        QApplication::removeTranslator(&french);
        QTRY_VERIFY_WITH_TIMEOUT(!m_main->findChild<QMessageBox *>(QStringLiteral("shareKeysDialog")), 5000);
    }

    void markersOfMessagesWithUnprovenSenders()
    {
        Room room(QStringLiteral("!offline:x"), QStringLiteral("@me:x"));
        TimelineView view;
        showOfflineMarkers(room, view);
        QAbstractItemModel *model = view.model();
        QCOMPARE(model->rowCount(), 6);
        const auto markOf = [&](int row) { return MessageSecurity::of(model->index(row, 0)); };
        QCOMPARE(markOf(0).mark(), MessageSecurity::Mark::None);
        QCOMPARE(markOf(1).mark(), MessageSecurity::Mark::Unauthenticated);
        QCOMPARE(markOf(1).warning(), QStringLiteral("Sender not authenticated"));
        QVERIFY(markOf(1).explanation().contains(QStringLiteral("@alice:x")));
        QCOMPARE(markOf(2).mark(), MessageSecurity::Mark::Unconfirmed);
        QVERIFY(markOf(2).explanation().contains(QStringLiteral("ALICEPHONE")));
        QCOMPARE(markOf(3).mark(), MessageSecurity::Mark::Unconfirmed);
        QVERIFY(markOf(3).warning().isEmpty());
        QCOMPARE(markOf(4).mark(), MessageSecurity::Mark::Undecrypted);
        QCOMPARE(markOf(5).mark(), MessageSecurity::Mark::Rejected);

        // The warning takes a line of its own under the message; the subtle marker takes none.
        QStyleOptionViewItem option;
        option.initFrom(&view);
        TimelineDelegate *delegate = view.timelineDelegate();
        const int grouped = delegate->sizeHint(option, model->index(3, 0)).height();
        QVERIFY(delegate->sizeHint(option, model->index(1, 0)).height() > grouped);
        QCOMPARE(delegate->sizeHint(option, model->index(2, 0)).height(), grouped);
        const QPixmap painted = view.grab(); // paints every kind of row
        QVERIFY(!painted.isNull());
        saveGrab(painted, "markers-en");
    }

    // The same rows in French, as the app shows them with --lang fr.
    void markersInFrench()
    {
        QTranslator french;
        QVERIFY(french.load(QStringLiteral(":/i18n/estafette_fr.qm")));
        QApplication::installTranslator(&french);
        Room room(QStringLiteral("!offline:x"), QStringLiteral("@me:x"));
        TimelineView view;
        showOfflineMarkers(room, view);
        QAbstractItemModel *model = view.model();
        QCOMPARE(MessageSecurity::of(model->index(1, 0)).warning(), QStringLiteral("Expéditeur non authentifié"));
        QCOMPARE(model->index(4, 0).data(TimelineModel::BodyRole).toString(),
                 QStringLiteral("Message chiffré\u00a0: la clé n’a pas encore été reçue. Il s’affichera dès qu’elle "
                                "arrivera."));
        QCOMPARE(model->index(5, 0).data(TimelineModel::BodyRole).toString(),
                 QStringLiteral("Message rejeté\u00a0: il réutilise une clé déjà utilisée (possible attaque par rejeu)."));
        EncryptionBadge badge;
        badge.setEncrypted(true);
        QCOMPARE(badge.accessibleName(), QStringLiteral("Chiffré de bout en bout"));
        badge.setEncrypted(false);
        QCOMPARE(badge.accessibleName(), QStringLiteral("Non chiffré"));
        saveGrab(view.grab(), "markers-fr");
        QApplication::removeTranslator(&french);
    }

private:
    // With ESTAFETTE_TEST_GRABS=<folder>, what the test saw is saved there as PNG files, for a person to look at.
    static void saveGrab(const QPixmap &pixmap, const char *name)
    {
        const QString folder = qEnvironmentVariable("ESTAFETTE_TEST_GRABS");
        if (!folder.isEmpty())
            pixmap.save(folder + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
    }

    // A room of decrypted messages with each sender trust, then one waiting for its key and a replayed one.
    static void showOfflineMarkers(Room &room, TimelineView &view)
    {
        const auto message = [](const QString &id, const QString &body, std::optional<SenderTrust> trust,
                                DecryptionError error = DecryptionError::MissingKey) {
            const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"sender", "@alice:x"}, {"event_id", id},
                                              {"origin_server_ts", qint64(1767261600000)},
                                              {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
            if (!trust)
                return undecryptableEvent(encrypted, error);
            EncryptionStatus status;
            status.encrypted = status.decrypted = true;
            status.trust = *trust;
            status.deviceId = QStringLiteral("ALICEPHONE");
            return decryptedEvent(encrypted, QStringLiteral("m.room.message"),
                                  QJsonObject{{"msgtype", "m.text"}, {"body", body}}, status);
        };
        RoomDelta delta;
        delta.roomId = room.id();
        delta.timeline = {message("$1", "known device", SenderTrust::KnownDevice),
                          message("$2", "key of another device", SenderTrust::Mismatch),
                          message("$3", "device not known yet", SenderTrust::UnknownDevice),
                          message("$4", "forwarded key", SenderTrust::Forwarded),
                          message("$5", "", std::nullopt),
                          message("$6", "", std::nullopt, DecryptionError::Replay)};
        room.applyDelta(delta);
        view.resize(640, 420);
        view.setRoom(&room);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }
};

QTEST_MAIN(TestEncryptionUi)
#include "test_encryption_ui.moc"
