// A message the composer accepted reaches the room exactly once, in order, whatever happens to the app:
// kill -9 right after acceptance (20 times, at varied moments), a restart while the server is down; and the
// app started with the server down shows its cached rooms and messages. Finally nothing readable is on disk.
// "The app" is tests/support/test_client: libclient's Session with its encrypted store, in its own process.
#include "support/peer_scenario.h"
#include "support/test_client_process.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestDurability : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    QTemporaryDir m_profile;
    QString m_dbPath;
    QString m_keyHex;
    QString m_roomId;
    const QString m_roomName = QStringLiteral("Salle des coffres");

    QStringList resumeArguments() const
    {
        return {QStringLiteral("--db"), m_dbPath, QStringLiteral("--key"), m_keyHex};
    }

    // Bodies the peer received in the room with this prefix, in order.
    QStringList peerBodies(const QString &prefix)
    {
        QStringList bodies;
        for (const auto &m : m_cast.peer->messages(m_roomId)) {
            const QString body = m.toObject().value(QStringLiteral("body")).toString();
            if (body.startsWith(prefix))
                bodies << body;
        }
        return bodies;
    }

    QJsonObject room(TestClientProcess &client) { return client.room(m_roomId); }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("durable"), QStringLiteral("witness"), &error), qPrintable(error));
        QVERIFY(m_profile.isValid());
        m_dbPath = m_profile.filePath(QStringLiteral("store.db"));
        QByteArray key(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);
        m_keyHex = QString::fromLatin1(key.toHex());
        m_roomId = m_cast.peer->createRoom(m_roomName, {m_cast.me.userId});
        QVERIFY(!m_roomId.isEmpty());

        // First start: a real sign-in into a fresh store, then join the peer's room.
        TestClientProcess client;
        QVERIFY2(client.start(resumeArguments() + QStringList{QStringLiteral("--server"), m_cast.server.baseUrl.toString(),
                                                               QStringLiteral("--user"), m_cast.me.localpart,
                                                               QStringLiteral("--password"), m_cast.me.password},
                              &error),
                 qPrintable(error));
        QVERIFY(!client.waitFor(QStringLiteral("ready")).isNull());
        QTRY_COMPARE_WITH_TIMEOUT(room(client).value(QStringLiteral("membership")).toString(), QStringLiteral("invite"),
                                  30000);
        client.send(QStringLiteral("join ") + m_roomId);
        QTRY_COMPARE_WITH_TIMEOUT(room(client).value(QStringLiteral("membership")).toString(), QStringLiteral("join"),
                                  30000);
        client.quit();
    }

    void killedRightAfterAcceptanceTwentyTimes()
    {
        QString error;
        QStringList expected;
        for (int i = 0; i < 20; ++i) {
            TestClientProcess client;
            QVERIFY2(client.start(resumeArguments(), &error), qPrintable(error));
            QVERIFY2(!client.waitFor(QStringLiteral("ready")).isNull(), "the app did not resume from its store");
            const QString body = QStringLiteral("durable %1").arg(i, 2, 10, QLatin1Char('0'));
            expected << body;
            client.send(QStringLiteral("send %1 %2").arg(m_roomId, body));
            QVERIFY2(!client.waitFor(QStringLiteral("accepted ")).isNull(), "the message was never accepted");
            // Varied moments: at once, while the PUT is in flight, after the server answered...
            QTest::qWait((i * 37) % 300);
            client.kill9();
        }
        // One more start lets whatever is left in the outbox go out.
        TestClientProcess client;
        QVERIFY2(client.start(resumeArguments(), &error), qPrintable(error));
        QVERIFY(!client.waitFor(QStringLiteral("ready")).isNull());
        QVERIFY2(m_cast.peer->waitForMessage(m_roomId, expected.last(), m_cast.me.userId, 60000),
                 "the last message never arrived");
        for (const QString &body : expected)
            QVERIFY2(m_cast.peer->waitForMessage(m_roomId, body, m_cast.me.userId, 30000), qPrintable(body));
        // A marker from the peer after ours: any late duplicate would have arrived before it.
        QVERIFY(!m_cast.peer->sendText(m_roomId, QStringLiteral("témoin")).isEmpty());
        QVERIFY(m_cast.peer->waitForMessage(m_roomId, QStringLiteral("témoin")));
        QCOMPARE(peerBodies(QStringLiteral("durable ")), expected);
        client.quit();
    }

    void composedOfflineRestartedThenDelivered()
    {
        QString error;
        TestClientProcess client;
        QVERIFY2(client.start(resumeArguments(), &error), qPrintable(error));
        QVERIFY(!client.waitFor(QStringLiteral("ready")).isNull());
        QVERIFY2(stopServer(&error), qPrintable(error));
        QStringList expected;
        for (int i = 0; i < 10; ++i) {
            expected << QStringLiteral("hors ligne %1").arg(i);
            client.send(QStringLiteral("send %1 %2").arg(m_roomId, expected.last()));
            QVERIFY(!client.waitFor(QStringLiteral("accepted ")).isNull());
        }
        client.kill9();

        // Restart with the server still down: the cache is readable, the app knows it is offline.
        TestClientProcess restarted;
        QVERIFY2(restarted.start(resumeArguments(), &error), qPrintable(error));
        QVERIFY(!restarted.waitFor(QStringLiteral("ready"), 10000).isNull());
        const QJsonObject cached = room(restarted);
        QCOMPARE(cached.value(QStringLiteral("name")).toString(), m_roomName);
        const QStringList shown = [&] {
            QStringList out;
            for (const auto &b : cached.value(QStringLiteral("messages")).toArray())
                out << b.toString();
            return out;
        }();
        QVERIFY2(shown.contains(QStringLiteral("durable 19")), "cached messages are not shown while offline");
        QVERIFY2(shown.contains(QStringLiteral("hors ligne 9")), "pending messages are not shown after restart");
        QVERIFY(!restarted.waitFor(QStringLiteral("state offline"), 60000).isNull());

        QVERIFY2(startServer(&error), qPrintable(error));
        QVERIFY2(m_cast.peer->waitForMessage(m_roomId, expected.last(), m_cast.me.userId, 90000),
                 "messages composed offline never arrived");
        QVERIFY(!m_cast.peer->sendText(m_roomId, QStringLiteral("témoin 2")).isEmpty());
        QVERIFY(m_cast.peer->waitForMessage(m_roomId, QStringLiteral("témoin 2")));
        QCOMPARE(peerBodies(QStringLiteral("hors ligne ")), expected);
        restarted.quit();
    }

    void nothingReadableOnDisk()
    {
        QFile db(m_dbPath);
        QVERIFY(db.open(QIODevice::ReadOnly));
        QVERIFY(!db.read(16).startsWith("SQLite format 3"));
        const QList<QByteArray> secrets{m_roomName.toUtf8(), QByteArrayLiteral("durable 07"),
                                        QByteArrayLiteral("hors ligne"), QByteArrayLiteral("witness"),
                                        m_cast.me.localpart.toUtf8(), m_cast.peerUser.localpart.toUtf8()};
        int files = 0;
        QDirIterator it(m_profile.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            ++files;
            for (const QByteArray &secret : secrets)
                QVERIFY2(!bytes.contains(secret), qPrintable(f.fileName() + QStringLiteral(" contains ") + secret));
        }
        QVERIFY(files >= 1);
    }

    void cleanupTestCase()
    {
        QString error;
        startServer(&error); // never leave the shared server down
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "test_durability.moc"
