// Room keys survive crashes: Estafette (as a separate process over its encrypted store) is killed with SIGKILL
// at random moments right after a new room key and its first message arrive, and restarted; every message
// becomes readable, none stays undecryptable, and the Megolm sessions received before keep working.
#include "support/peer_scenario.h"
#include "support/synapse_fixture.h"
#include "support/test_client_process.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestE2eeDurability : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    QTemporaryDir m_profile;
    QString m_dbPath;
    QString m_keyHex;

    QStringList resumeArguments() const { return {QStringLiteral("--db"), m_dbPath, QStringLiteral("--key"), m_keyHex}; }

    bool hasMessage(TestClientProcess &client, const QString &roomId, const QString &body)
    {
        return client.room(roomId).value(QStringLiteral("messages")).toArray().contains(body);
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("e2eekill"), QStringLiteral("niokill"), &error), qPrintable(error));
        QVERIFY(m_profile.isValid());
        m_dbPath = m_profile.filePath(QStringLiteral("store.db"));
        QByteArray key(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);
        m_keyHex = QString::fromLatin1(key.toHex());
    }

    void killedRightAfterRoomKeysArrive_everyMessageDecryptsAfterRestart()
    {
        QString error;
        auto client = std::make_unique<TestClientProcess>();
        QVERIFY2(client->start(resumeArguments() + QStringList{QStringLiteral("--server"), m_cast.server.baseUrl.toString(),
                                                                QStringLiteral("--user"), m_cast.me.localpart,
                                                                QStringLiteral("--password"), m_cast.me.password},
                               &error),
                 qPrintable(error));
        QVERIFY(!client->waitFor(QStringLiteral("ready")).isNull());
        QVERIFY2(!client->waitFor(QStringLiteral("crypto-ready")).isNull(), "device keys never published");

        QList<QPair<QString, QString>> sent; // room, body
        for (int i = 0; i < 6; ++i) {
            // A new encrypted room: a new Megolm session whose key comes over Olm with the first message.
            const QString roomId = m_cast.peer->createEncryptedRoom(QStringLiteral("Coffre %1").arg(i), {m_cast.me.userId});
            QVERIFY(!roomId.isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(client->room(roomId).value("membership").toString(), QStringLiteral("invite"), 30000);
            client->send(QStringLiteral("join ") + roomId);
            const QJsonObject joined = m_cast.peer->command(
                "wait_joined", {{"room_id", roomId}, {"user_id", m_cast.me.userId}});
            QVERIFY2(joined.value("ok").toBool(), qPrintable(joined.value("error").toString()));
            const QString body = QStringLiteral("Secret %1").arg(i);
            QVERIFY(!m_cast.peer->sendText(roomId, body).isEmpty());
            sent.append({roomId, body});

            // Killed at a random moment while (or right after) the key and the message come in.
            QTest::qWait(int(QRandomGenerator::global()->bounded(400)));
            client->kill9();
            client = std::make_unique<TestClientProcess>();
            QVERIFY2(client->start(resumeArguments(), &error), qPrintable(error));
            QVERIFY2(!client->waitFor(QStringLiteral("ready")).isNull(), "the app did not resume from its store");
            QTRY_VERIFY2_WITH_TIMEOUT(hasMessage(*client, roomId, body),
                                      qPrintable(QStringLiteral("'%1' never decrypted after the restart").arg(body)),
                                      30000);
        }
        // Every message readable, none left undecryptable, in every room.
        for (const auto &[roomId, body] : sent) {
            const QJsonObject r = client->room(roomId);
            QVERIFY2(r.value("messages").toArray().contains(body), qPrintable(body));
            QCOMPARE(r.value("undecryptable").toInt(), 0);
        }
        // The sessions received before the crashes keep decrypting new messages.
        const QString later = QStringLiteral("Toujours lisible après les redémarrages");
        QVERIFY(!m_cast.peer->sendText(sent.first().first, later).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(hasMessage(*client, sent.first().first, later), 30000);
        QCOMPARE(client->room(sent.first().first).value("undecryptable").toInt(), 0);
        client->quit();
    }
};

QTEST_MAIN(TestE2eeDurability)
#include "test_e2ee_durability.moc"
