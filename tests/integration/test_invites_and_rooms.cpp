// Invites from an independent client (matrix-nio), and the room actions of the app (create, direct chat,
// invite, leave), checked from both sides.
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/peer_scenario.h"
#include "support/signed_in_session.h"
#include "support/synapse_fixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestInvitesAndRooms : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    TestServer &m_server = m_cast.server;
    TestUser &m_me = m_cast.me;
    TestUser &m_peerUser = m_cast.peerUser;
    std::unique_ptr<NioPeer> &m_peer = m_cast.peer;
    std::unique_ptr<Session> m_session;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("agent"), QStringLiteral("niopeer"), &error), qPrintable(error));
        m_session = signInSession(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void inviteFromPeerAppearsAndCanBeAccepted()
    {
        const QString roomId = m_peer->createRoom(QStringLiteral("Réunion de cabinet"), {m_me.userId});
        QVERIFY(!roomId.isEmpty());
        Room *room = waitForRoom(*m_session, roomId, Membership::Invite);
        QVERIFY2(room, "the invite never reached the room list");
        QCOMPARE(room->inviterId(), m_peerUser.userId);
        QCOMPARE(room->displayName(), QStringLiteral("Réunion de cabinet"));

        QSignalSpy ok(m_session->roomActions(), &RoomActions::succeeded);
        m_session->roomActions()->acceptInvite(roomId);
        QTRY_COMPARE_WITH_TIMEOUT(ok.size(), 1, 20000);
        room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY2(room, "the room did not become joined after accepting");
        // Both members known after joining.
        QTRY_VERIFY_WITH_TIMEOUT(room->state().member(m_me.userId).has_value(), 10000);
        QCOMPARE(room->state().member(m_me.userId)->membership, QStringLiteral("join"));
    }

    void declinedInviteLeavesTheList()
    {
        const QString roomId = m_peer->createRoom(QStringLiteral("Salon refusé"), {m_me.userId});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(waitForRoom(*m_session, roomId, Membership::Invite));
        m_session->roomActions()->declineInvite(roomId);
        QTRY_VERIFY_WITH_TIMEOUT(m_session->rooms()->room(roomId) == nullptr, 20000);
    }

    void createdRoomInvitesThePeer()
    {
        QSignalSpy ok(m_session->roomActions(), &RoomActions::succeeded);
        QSignalSpy failed(m_session->roomActions(), &RoomActions::failed);
        m_session->roomActions()->createRoom(QStringLiteral("Projet Estafette"), QStringLiteral("Suivi du projet"),
                                             {m_peerUser.userId});
        QTRY_VERIFY_WITH_TIMEOUT(!ok.isEmpty() || !failed.isEmpty(), 20000);
        QVERIFY(failed.isEmpty());
        const QString roomId = ok.first().at(1).toString();
        QVERIFY(roomId.startsWith(QLatin1Char('!')));
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY(room);
        QTRY_COMPARE_WITH_TIMEOUT(room->displayName(), QStringLiteral("Projet Estafette"), 10000);
        QCOMPARE(room->topic(), QStringLiteral("Suivi du projet"));
        QVERIFY2(m_peer->waitForInvite(roomId), "the peer did not receive the invite");
        QVERIFY(m_peer->join(roomId));
    }

    void inviteAfterCreationReachesThePeer()
    {
        QSignalSpy ok(m_session->roomActions(), &RoomActions::succeeded);
        m_session->roomActions()->createRoom(QStringLiteral("Invitation tardive"), {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(ok.size(), 1, 20000);
        const QString roomId = ok.first().at(1).toString();
        QVERIFY(waitForRoom(*m_session, roomId, Membership::Join));
        m_session->roomActions()->invite(roomId, m_peerUser.userId);
        QTRY_COMPARE_WITH_TIMEOUT(ok.size(), 2, 20000);
        QVERIFY(m_peer->waitForInvite(roomId));
    }

    void directChatIsCreatedOnceAndMarkedDirect()
    {
        QSignalSpy ok(m_session->roomActions(), &RoomActions::succeeded);
        m_session->roomActions()->createDirectChat(m_peerUser.userId);
        QTRY_COMPARE_WITH_TIMEOUT(ok.size(), 1, 20000);
        const QString roomId = ok.first().at(1).toString();
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY(room);
        // m.direct comes back through sync and marks the room.
        QTRY_VERIFY_WITH_TIMEOUT(room->isDirect(), 20000);
        QCOMPARE(m_session->rooms()->directRoomWith(m_peerUser.userId), roomId);
        QVERIFY(m_peer->waitForInvite(roomId));

        // Asking again reuses the same room.
        m_session->roomActions()->createDirectChat(m_peerUser.userId);
        QTRY_COMPARE_WITH_TIMEOUT(ok.size(), 2, 20000);
        QCOMPARE(ok.at(1).at(1).toString(), roomId);
    }

    void leavingRemovesTheRoom()
    {
        QSignalSpy ok(m_session->roomActions(), &RoomActions::succeeded);
        m_session->roomActions()->createRoom(QStringLiteral("Éphémère"), {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(ok.size(), 1, 20000);
        const QString roomId = ok.first().at(1).toString();
        QVERIFY(waitForRoom(*m_session, roomId, Membership::Join));
        m_session->roomActions()->leave(roomId);
        QTRY_VERIFY_WITH_TIMEOUT(m_session->rooms()->room(roomId) == nullptr, 20000);
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_peer.reset();
    }
};

QTEST_GUILESS_MAIN(TestInvitesAndRooms)
#include "test_invites_and_rooms.moc"
