// RoomPresence (typing, receipts, read marker), TypingNotifier's timing on the wire, and mentions in composed
// content and in received messages.
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/room_presence.h"
#include "rooms/typing_notifier.h"
#include "support/fault_http_server.h"
#include "text/mentions.h"
#include "text/message_content.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {
const QString me = QStringLiteral("@me:x");

Event ephemeral(const QString &type, const QJsonObject &content)
{
    return Event(QJsonObject{{"type", type}, {"content", content}});
}

QJsonObject receipt(const QString &eventId, const QString &user, const QString &kind = "m.read",
                    const QString &thread = {})
{
    QJsonObject data{{"ts", 5}};
    if (!thread.isEmpty())
        data.insert("thread_id", thread);
    return QJsonObject{{eventId, QJsonObject{{kind, QJsonObject{{user, data}}}}}};
}
} // namespace

class TestRoomPresence : public QObject {
    Q_OBJECT
private slots:
    void typingExcludesUs()
    {
        RoomPresence presence(me);
        QVERIFY(presence.applyEphemeral({ephemeral("m.typing", {{"user_ids", QJsonArray{"@a:x", me, "@b:x"}}})}, {}));
        QCOMPARE(presence.typingUsers(), QStringList({"@a:x", "@b:x"}));
        QVERIFY(!presence.applyEphemeral({ephemeral("m.typing", {{"user_ids", QJsonArray{"@a:x", "@b:x"}}})}, {}));
        QVERIFY(presence.applyEphemeral({ephemeral("m.typing", {{"user_ids", QJsonArray{}}})}, {}));
        QVERIFY(presence.typingUsers().isEmpty());
    }

    void receiptsOnlyMoveForward()
    {
        RoomPresence presence(me);
        const QStringList order{"$1", "$2", "$3"};
        const RoomPresence::Order later = [&](const QString &a, const QString &b) {
            const qsizetype ia = order.indexOf(a), ib = order.indexOf(b);
            return ia < 0 || ib < 0 ? -1 : (ia > ib ? 1 : 0);
        };
        QVERIFY(presence.applyEphemeral({ephemeral("m.receipt", receipt("$2", "@a:x"))}, later));
        QCOMPARE(presence.readersAt("$2"), QStringList{"@a:x"});
        QVERIFY(!presence.applyEphemeral({ephemeral("m.receipt", receipt("$1", "@a:x"))}, later)); // backwards
        QCOMPARE(presence.readersAt("$2"), QStringList{"@a:x"});
        QVERIFY(presence.applyEphemeral({ephemeral("m.receipt", receipt("$3", "@a:x"))}, later));
        QCOMPARE(presence.readersAt("$3"), QStringList{"@a:x"});
        // A thread's receipt is not the room's; someone else's private receipt is not ours to see.
        QVERIFY(!presence.applyEphemeral({ephemeral("m.receipt", receipt("$1", "@b:x", "m.read", "$thread"))}, later));
        QVERIFY(!presence.applyEphemeral({ephemeral("m.receipt", receipt("$1", "@b:x", "m.read.private"))}, later));
        QVERIFY(presence.readersAt("$1").isEmpty());
        // Ours (public or private) is kept, never listed among the readers.
        QVERIFY(presence.applyEphemeral({ephemeral("m.receipt", receipt("$3", me, "m.read.private"))}, later));
        QCOMPARE(presence.receipts().value(me).eventId, QStringLiteral("$3"));
        QCOMPARE(presence.readersAt("$3"), QStringList{"@a:x"});
        // The read marker comes from room account data.
        QVERIFY(presence.applyAccountData({Event(QJsonObject{{"type", "m.fully_read"},
                                                             {"content", QJsonObject{{"event_id", "$2"}}}})}));
        QCOMPARE(presence.fullyRead(), QStringLiteral("$2"));
    }

    void typingNotifierTiming()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::json(200, {}));
        HttpClient http;
        http.setHomeserver(server.url());
        http.setAccessToken("t");
        RoomApi api(&http);
        TypingNotifier notifier(&api, me);
        notifier.setIdleMs(300);
        notifier.textEdited("!r:x", false);
        QVERIFY(server.waitForRequests(1));
        const RecordedRequest start = server.requests().first();
        QCOMPARE(start.method, QByteArray("PUT"));
        QVERIFY(start.path().endsWith("/rooms/%21r%3Ax/typing/%40me%3Ax"));
        QCOMPARE(QJsonDocument::fromJson(start.body).object(),
                 QJsonObject({{"typing", true}, {"timeout", TypingNotifier::kServerTimeoutMs}}));
        // More keystrokes within the repeat period: nothing more on the wire.
        notifier.textEdited("!r:x", false);
        notifier.textEdited("!r:x", false);
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 1);
        // Idle: stopped.
        QVERIFY(server.waitForRequests(2));
        QCOMPARE(QJsonDocument::fromJson(server.requests().at(1).body).object(), QJsonObject({{"typing", false}}));
        QVERIFY(!notifier.isTyping());
        // Typing again, then the text cleared: stopped at once.
        notifier.textEdited("!r:x", false);
        notifier.textEdited("!r:x", true);
        QVERIFY(server.waitForRequests(4));
        QCOMPARE(QJsonDocument::fromJson(server.requests().at(3).body).object(), QJsonObject({{"typing", false}}));
    }

    void mentionsInComposedContent()
    {
        const QList<Mention> picked{{"@paul:x", "Paul"}, {"@paul.l:x", "Paul Lefèvre"}, {"@gone:x", "Absent"}};
        const QJsonObject content = composeTextContent("Paul Lefèvre et Paul : @room", picked, true);
        QCOMPARE(content.value("body").toString(), QStringLiteral("Paul Lefèvre et Paul : @room"));
        const QJsonObject mentions = content.value("m.mentions").toObject();
        QCOMPARE(mentions.value("user_ids").toArray(), QJsonArray({"@paul:x", "@paul.l:x"})); // not the one deleted
        QVERIFY(mentions.value("room").toBool());
        const QString html = content.value("formatted_body").toString();
        QVERIFY2(html.contains("<a href=\"https://matrix.to/#/@paul.l:x\">Paul Lefèvre</a>"), qPrintable(html));
        QVERIFY2(html.contains("<a href=\"https://matrix.to/#/@paul:x\">Paul</a>"), qPrintable(html));
        // Nobody picked: an empty m.mentions, no @room unless allowed.
        const QJsonObject plain = composeTextContent("@room bonjour");
        QCOMPARE(plain.value("m.mentions").toObject(), QJsonObject());
        QVERIFY(!plain.contains("formatted_body"));
    }

    void receivedMentions()
    {
        const auto message = [](const QJsonObject &content) {
            return Event(QJsonObject{{"type", "m.room.message"}, {"event_id", "$m"}, {"sender", "@s:x"}, {"content", content}});
        };
        QVERIFY(Mentions::mentionsUser(message({{"body", "x"}, {"m.mentions", QJsonObject{{"user_ids", QJsonArray{me}}}}}),
                                       me, "Moi", false));
        // m.mentions present and without us: our name in the body does not count.
        QVERIFY(!Mentions::mentionsUser(message({{"body", "Moi"}, {"m.mentions", QJsonObject{}}}), me, "Moi", false));
        QVERIFY(Mentions::mentionsUser(message({{"body", "x"}, {"m.mentions", QJsonObject{{"room", true}}}}), me, "Moi", true));
        QVERIFY(!Mentions::mentionsUser(message({{"body", "x"}, {"m.mentions", QJsonObject{{"room", true}}}}), me, "Moi", false));
        // An older client: our name as a word.
        QVERIFY(Mentions::mentionsUser(message({{"body", "Bonjour moi !"}}), me, "Moi", false));
        QVERIFY(!Mentions::mentionsUser(message({{"body", "Bonjour moineau"}}), me, "Moi", false));
    }
};

QTEST_GUILESS_MAIN(TestRoomPresence)
#include "test_room_presence.moc"
