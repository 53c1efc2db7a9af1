// Messages both ways between Estafette (libclient) and an independent matrix-nio client, local echo
// lifecycle, and back-pagination of older history in order.
#include "rooms/back_paginator.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/peer_scenario.h"
#include "support/signed_in_session.h"
#include "support/synapse_fixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestMessaging : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    TestServer &m_server = m_cast.server;
    TestUser &m_me = m_cast.me;
    TestUser &m_peerUser = m_cast.peerUser;
    std::unique_ptr<NioPeer> &m_peer = m_cast.peer;
    QString m_roomId;

    Room *joinPeerRoom(Session &session, const QString &name) { return m_cast.joinRoomFromPeer(session, name); }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("agent"), QStringLiteral("nio"), &error), qPrintable(error));
    }

    void messagesFlowBothWays()
    {
        QString error;
        auto session = signInSession(m_server, m_me, &error);
        QVERIFY2(session, qPrintable(error));
        Room *room = joinPeerRoom(*session, QStringLiteral("Échanges"));
        QVERIFY(room);

        // Peer -> us
        const QString fromPeer = QStringLiteral("Bonjour depuis nio ✓");
        QVERIFY(!m_peer->sendText(room->id(), fromPeer).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(countMessages(*room, fromPeer), 1, 20000);

        // Us -> peer, with the local echo going Sending -> Sent and replaced by the server's event.
        const QString fromUs = QStringLiteral("Réponse d'Estafette, accentuée : éàç");
        QSignalSpy sent(session->outbox(), &Outbox::sent);
        const QString txnId = session->outbox()->sendText(room->id(), fromUs);
        QVERIFY(!txnId.isEmpty());
        const int echoRow = room->timeline()->rowOfTransaction(txnId);
        QVERIFY(echoRow >= 0);
        QCOMPARE(room->timeline()->at(echoRow).type, TimelineItem::Type::LocalEcho);
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 20000);
        const QString eventId = sent.first().at(2).toString();
        QVERIFY(eventId.startsWith(QLatin1Char('$')));
        QVERIFY(m_peer->waitForMessage(room->id(), fromUs, m_me.userId));

        // After the sync echo arrives there is exactly one copy, carrying the server's event id.
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->containsEvent(eventId), 20000);
        QCOMPARE(countMessages(*room, fromUs), 1);
        const int row = room->timeline()->rowOfTransaction(txnId);
        QVERIFY(row >= 0);
        QCOMPARE(room->timeline()->at(row).sendState, SendState::Sent);
        QCOMPARE(room->timeline()->at(row).event.eventId(), eventId);

        // Order as the server has it: the peer's message before ours.
        int peerRow = -1, ourRow = -1;
        for (int i = 0; i < room->timeline()->size(); ++i) {
            const auto &item = room->timeline()->at(i);
            if (item.type == TimelineItem::Type::Gap)
                continue;
            const QString body = RoomMessageView(item.event).body();
            if (body == fromPeer) peerRow = i;
            if (body == fromUs) ourRow = i;
        }
        QVERIFY(peerRow >= 0 && ourRow > peerRow);
        QCOMPARE(room->memberName(m_peerUser.userId), m_peerUser.localpart);
        m_roomId = room->id();

        // Unread until read: the peer's next message counts, marking the room read clears it.
        QVERIFY(!m_peer->sendText(room->id(), QStringLiteral("Non lu")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(countMessages(*room, QStringLiteral("Non lu")), 1, 20000);
        QVERIFY(room->unreadCount() >= 1);
        session->roomActions()->markRead(room->id());
        QTRY_COMPARE_WITH_TIMEOUT(room->unreadCount(), 0, 20000);
    }

    void backPaginationReturnsOlderMessagesInOrder()
    {
        // The peer fills a room with more history than one sync returns, then we sign in fresh.
        QString error;
        auto session = signInSession(m_server, m_me, &error);
        QVERIFY2(session, qPrintable(error));
        Room *room = joinPeerRoom(*session, QStringLiteral("Historique"));
        QVERIFY(room);
        const QString roomId = room->id();
        constexpr int kCount = 75;
        for (int i = 1; i <= kCount; ++i)
            QVERIFY(!m_peer->sendText(roomId, QStringLiteral("historique %1").arg(i)).isEmpty());
        session.reset();

        session = signInSession(m_server, m_me, &error);
        QVERIFY2(session, qPrintable(error));
        room = waitForRoom(*session, roomId, Membership::Join);
        QVERIFY(room);
        QVERIFY2(countMessages(*room, QStringLiteral("historique 1")) == 0,
                 "the initial sync should not already contain the whole history");
        QSignalSpy loaded(session->paginator(), &BackPaginator::loaded);
        QSignalSpy failed(session->paginator(), &BackPaginator::failed);
        int rounds = 0;
        while (!room->timeline()->atBeginning() && rounds < 20) {
            const int before = loaded.size();
            session->paginator()->loadOlder(room);
            QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > before || !failed.isEmpty(), 20000);
            QVERIFY(failed.isEmpty());
            ++rounds;
        }
        QVERIFY(room->timeline()->atBeginning());
        QVERIFY(rounds >= 2);

        QStringList bodies;
        for (int i = 0; i < room->timeline()->size(); ++i) {
            const auto &item = room->timeline()->at(i);
            if (item.type == TimelineItem::Type::Event && item.event.kind() == EventKind::Message)
                bodies << RoomMessageView(item.event).body();
        }
        QStringList expected;
        for (int i = 1; i <= kCount; ++i)
            expected << QStringLiteral("historique %1").arg(i);
        QCOMPARE(bodies, expected);
        // The room's creation is the first thing in its history.
        QCOMPARE(room->timeline()->at(0).event.type(), QStringLiteral("m.room.create"));
    }

    void cleanupTestCase() { m_peer.reset(); }
};

QTEST_GUILESS_MAIN(TestMessaging)
#include "test_messaging.moc"
