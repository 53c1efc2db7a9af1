// The first message of a peer's new device, against the real Synapse and an independent client (matrix-nio):
// Alice signs in on a second nio device and sends from it while Estafette is stopped, so Estafette's next sync
// brings Alice's device list change, the room key and the message together and the message is decrypted before
// the new device's keys are queried. Its row in the timeline model is marked ("sent from a device … does not know
// yet"); once the keys are queried the same row changes in place (dataChanged, no reset) to no mark, the event
// names the new device, and it stays so after a restart.
#include "events/event_encryption.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "rooms/timeline.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/nio_peer.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"
#include "sync/sync_loop.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace estafette;
using namespace estafette::test;

namespace {

// The trust mark (TimelineModel's Qt::AccessibleDescriptionRole: describeSenderTrust) of one event's row, each
// time that row is inserted or changes.
class MarkRecorder : public QObject {
public:
    MarkRecorder(TimelineModel &model, const QString &eventId) : m_model(model), m_eventId(eventId)
    {
        connect(&model, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) { look(first, last); });
        connect(&model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &from, const QModelIndex &to) { look(from.row(), to.row()); });
        connect(&model, &QAbstractItemModel::modelReset, this, [this] { ++resets; });
    }
    QStringList marks; // in order; "" for no mark
    int resets = 0;

private:
    void look(int first, int last)
    {
        for (int row = first; row <= last; ++row) {
            const QModelIndex index = m_model.index(row);
            if (index.data(TimelineModel::EventIdRole).toString() == m_eventId)
                marks.append(index.data(Qt::AccessibleDescriptionRole).toString());
        }
    }
    TimelineModel &m_model;
    QString m_eventId;
};

} // namespace

class TestE2eeNewDeviceTrust : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_me, m_alice;
    NioPeer m_aliceFirst;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QVERIFY2(registerUsers(m_server, {{&m_me, "newdevme"}, {&m_alice, "newdevalice"}}, &error), qPrintable(error));
        QVERIFY2(m_aliceFirst.start(m_server, m_alice, &error), qPrintable(error));
        m_session = m_account.signIn(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void newDevicesFirstMessage_markShown_thenClearedOnceItsKeysAreQueried()
    {
        const QString roomId = m_aliceFirst.createEncryptedRoom(QStringLiteral("Nouvel appareil"), {m_me.userId});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(waitForRoom(*m_session, roomId, Membership::Invite));
        m_session->roomActions()->acceptInvite(roomId);
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY(room);
        QVERIFY(m_aliceFirst.command("wait_joined", {{"room_id", roomId}, {"user_id", m_me.userId}})
                    .value("ok").toBool());
        const QString before = QStringLiteral("Depuis mon premier appareil");
        QVERIFY(!m_aliceFirst.sendText(roomId, before).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room, before).has_value(), 30000);
        QCOMPARE(encryptionStatus(*findMessage(*room, before)).trust, SenderTrust::KnownDevice);
        QCOMPARE(knownDevices(*m_session, m_alice.userId), 1); // Alice's list queried: current

        // Estafette stops; Alice signs in on a new device and sends its first message from it.
        m_session.reset();
        NioPeer aliceNew;
        QString error;
        QVERIFY2(aliceNew.start(m_server, m_alice, &error), qPrintable(error));
        QVERIFY(aliceNew.deviceId() != m_aliceFirst.deviceId());
        const QString body = QStringLiteral("Premier message de mon nouvel appareil");
        const QString eventId = aliceNew.sendText(roomId, body);
        QVERIFY(!eventId.isEmpty());

        // Estafette starts again, its timeline model on the room (from the store) before the first sync.
        auto session = std::make_unique<Session>();
        std::unique_ptr<TimelineModel> model;
        std::unique_ptr<QAbstractItemModelTester> tester;
        std::unique_ptr<MarkRecorder> recorder;
        connect(session.get(), &Session::signedIn, this, [&] {
            session->syncLoop()->setPollTimeoutMs(1000);
            Room *stored = session->rooms()->room(roomId);
            if (!stored)
                return;
            model = std::make_unique<TimelineModel>();
            model->setRoom(stored);
            tester = std::make_unique<QAbstractItemModelTester>(model.get(),
                                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
            recorder = std::make_unique<MarkRecorder>(*model, eventId);
        });
        QSignalSpy synced(session.get(), &Session::firstSyncDone);
        session->resumeFromStore(m_account.location());
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), 30000);
        QVERIFY2(recorder, "the room was not in the store");
        room = session->rooms()->room(roomId);
        QVERIFY(room);

        // The row arrived marked: the new device was not known when the message was decrypted.
        QTRY_VERIFY_WITH_TIMEOUT(!recorder->marks.isEmpty(), 30000);
        QVERIFY2(!recorder->marks.first().isEmpty(), "the first message of the new device arrived without a mark");
        QVERIFY(recorder->marks.first().contains(QLatin1String("does not know yet")));

        // The keys of the new device are queried: the same row loses its mark, in place.
        QTRY_VERIFY_WITH_TIMEOUT(recorder->marks.last().isEmpty(), 30000);
        QCOMPARE(recorder->resets, 0);
        const Event shown = eventById(*room, eventId);
        QCOMPARE(shown.content().value("body").toString(), body);
        QCOMPARE(encryptionStatus(shown).trust, SenderTrust::KnownDevice);
        QCOMPARE(encryptionStatus(shown).deviceId, aliceNew.deviceId());
        QModelIndex row;
        for (int r = 0; r < model->rowCount() && !row.isValid(); ++r) {
            if (model->index(r).data(TimelineModel::EventIdRole).toString() == eventId)
                row = model->index(r);
        }
        QVERIFY(row.isValid());
        QVERIFY(row.data(Qt::AccessibleDescriptionRole).toString().isEmpty());

        // What was stored is the new verdict: it is there after a restart.
        recorder.reset();
        tester.reset();
        model.reset();
        session.reset();
        m_session = m_account.resume(&error);
        QVERIFY2(m_session, qPrintable(error));
        room = m_session->rooms()->room(roomId);
        QVERIFY(room);
        QCOMPARE(encryptionStatus(eventById(*room, eventId)).trust, SenderTrust::KnownDevice);
    }
};

QTEST_MAIN(TestE2eeNewDeviceTrust)
#include "test_e2ee_new_device_trust.moc"
