// A message accepted by the composer reaches the room exactly once: across a homeserver that is down
// for a while, and through the homeserver's rate limiting (429 with retry_after_ms).
#include "api/room_api.h"
#include "net/http_client.h"
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

class TestDelivery : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    TestServer &m_server = m_cast.server;
    TestUser &m_me = m_cast.me;
    std::unique_ptr<NioPeer> &m_peer = m_cast.peer;
    std::unique_ptr<Session> m_session;
    QString m_roomId;

    int peerCount(const QString &body)
    {
        int n = 0;
        const QJsonArray messages = m_peer->messages(m_roomId);
        for (const auto &m : messages)
            n += m.toObject().value(QStringLiteral("body")).toString() == body ? 1 : 0;
        return n;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("sender"), QStringLiteral("receiver"), &error), qPrintable(error));
        m_session = signInSession(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
        Room *room = m_cast.joinRoomFromPeer(*m_session, QStringLiteral("Livraison"));
        QVERIFY(room);
        m_roomId = room->id();
    }

    void messageSentWhileServerIsDownIsDeliveredOnce()
    {
        QString error;
        QVERIFY2(stopServer(&error), qPrintable(error));
        const QString body = QStringLiteral("Envoyé pendant la panne");
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        const QString txnId = m_session->outbox()->sendText(m_roomId, body);
        Room *room = m_session->rooms()->room(m_roomId);
        QVERIFY(room);

        // While the server is down, the message waits as "sending" (not failed, not lost).
        QTest::qWait(3000);
        QVERIFY(sent.isEmpty());
        QVERIFY(failed.isEmpty());
        const int row = room->timeline()->rowOfTransaction(txnId);
        QVERIFY(row >= 0);
        QCOMPARE(room->timeline()->at(row).sendState, SendState::Sending);
        QVERIFY(m_session->connectionState() != ConnectionState::Connected);

        QVERIFY2(startServer(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 60000);
        QVERIFY(failed.isEmpty());
        QVERIFY(m_peer->waitForMessage(m_roomId, body, m_me.userId, 60000));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->connectionState(), ConnectionState::Connected, 60000);
        // Let any duplicate show up before counting.
        QVERIFY(!m_peer->sendText(m_roomId, QStringLiteral("marqueur")).isEmpty());
        QVERIFY(m_peer->waitForMessage(m_roomId, QStringLiteral("marqueur")));
        QCOMPARE(peerCount(body), 1);
        QTRY_COMPARE_WITH_TIMEOUT(countMessages(*room, QStringLiteral("marqueur")), 1, 20000);
        QCOMPARE(countMessages(*room, body), 1);
    }

    void rateLimitedMessagesAreWaitedOutNotLost()
    {
        QString error;
        auto admin = registerUser(m_server, QStringLiteral("admin"), true, &error);
        QVERIFY2(admin, qPrintable(error));
        // One message per 2 seconds, no burst, for our user only.
        QVERIFY2(overrideRateLimit(m_server, *admin, m_me.userId, 1, 1, &error), qPrintable(error));

        // Observe the 429s at the API level: the request itself waits them out.
        RoomApi api(m_session->http());
        QList<PendingRequest *> requests;
        int rateLimitedRetries = 0;
        int succeeded = 0;
        for (int i = 0; i < 4; ++i) {
            auto *request = api.sendEvent(m_roomId, QStringLiteral("m.room.message"), Outbox::newTransactionId(),
                                          {{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                           {QStringLiteral("body"), QStringLiteral("limité api %1").arg(i)}},
                                          RetryPolicy::unlimited());
            connect(request, &PendingRequest::retrying, this, [&](const MatrixError &e, int delayMs) {
                if (e.isRateLimited() && delayMs > 0)
                    ++rateLimitedRetries;
            });
            connect(request, &PendingRequest::finished, this, [&](const HttpResponse &r) { succeeded += r.ok(); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(succeeded, 4, 60000);
        QVERIFY2(rateLimitedRetries >= 1, "the server never rate-limited us: the test would prove nothing");

        // And through the outbox, as the composer uses it: every message arrives once, in order.
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        QStringList bodies;
        for (int i = 0; i < 4; ++i) {
            bodies << QStringLiteral("limité %1").arg(i);
            m_session->outbox()->sendText(m_roomId, bodies.last());
        }
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 4, 90000);
        QVERIFY(failed.isEmpty());
        for (const QString &body : bodies)
            QVERIFY(m_peer->waitForMessage(m_roomId, body, m_me.userId, 30000));
        for (const QString &body : bodies)
            QCOMPARE(peerCount(body), 1);
        // In the order they were written: a rate-limited message never lets the next one overtake it.
        QStringList received;
        for (const auto &m : m_peer->messages(m_roomId)) {
            const QString b = m.toObject().value(QStringLiteral("body")).toString();
            if (bodies.contains(b))
                received << b;
        }
        QCOMPARE(received, bodies);
        QVERIFY2(overrideRateLimit(m_server, *admin, m_me.userId, 0, 0, &error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        QString error;
        startServer(&error); // never leave the shared server down for the next test
        m_session.reset();
        m_peer.reset();
    }
};

QTEST_GUILESS_MAIN(TestDelivery)
#include "test_delivery.moc"
