// Event views over well-formed and malformed JSON: malformed input is rejected or read as empty, never a crash.
#include "events/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace estafette;

namespace {
QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestEvents : public QObject {
    Q_OBJECT
private slots:
    void kindsFromTypes()
    {
        QCOMPARE(eventKindFromType(QStringLiteral("m.room.message")), EventKind::Message);
        QCOMPARE(eventKindFromType(QStringLiteral("m.room.member")), EventKind::Member);
        QCOMPARE(eventKindFromType(QStringLiteral("m.room.encrypted")), EventKind::Encrypted);
        QCOMPARE(eventKindFromType(QStringLiteral("m.reaction")), EventKind::Reaction);
        QCOMPARE(eventKindFromType(QStringLiteral("m.poll.start")), EventKind::Unknown);
        QCOMPARE(eventKindFromType(QString()), EventKind::Unknown);
    }

    void fromJsonAcceptsRoomEvent()
    {
        const auto e = Event::fromJson(obj(R"({"type":"m.room.message","event_id":"$1","sender":"@a:x",
            "origin_server_ts":1700000000000,"content":{"msgtype":"m.text","body":"hi"},
            "unsigned":{"transaction_id":"txn1"}})"), true);
        QVERIFY(e);
        QCOMPARE(e->type(), QStringLiteral("m.room.message"));
        QCOMPARE(e->kind(), EventKind::Message);
        QCOMPARE(e->eventId(), QStringLiteral("$1"));
        QCOMPARE(e->sender(), QStringLiteral("@a:x"));
        QCOMPARE(e->originServerTs(), 1700000000000LL);
        QCOMPARE(e->timestamp(), QDateTime::fromMSecsSinceEpoch(1700000000000LL));
        QCOMPARE(e->transactionId(), QStringLiteral("txn1"));
        QVERIFY(!e->isState());
        QVERIFY(!e->isRedacted());
        QCOMPARE(RoomMessageView(*e).body(), QStringLiteral("hi"));
        QCOMPARE(RoomMessageView(*e).msgtype(), QStringLiteral("m.text"));
    }

    void fromJsonRejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("roomEvent");
        QTest::newRow("array") << QByteArray(R"([1,2,3])") << false;
        QTest::newRow("string") << QByteArray(R"("m.room.message")") << false;
        QTest::newRow("number") << QByteArray("42") << false;
        QTest::newRow("null") << QByteArray("null") << false;
        QTest::newRow("no type") << QByteArray(R"({"content":{}})") << false;
        QTest::newRow("type number") << QByteArray(R"({"type":5,"content":{}})") << false;
        QTest::newRow("type null") << QByteArray(R"({"type":null})") << false;
        QTest::newRow("type empty") << QByteArray(R"({"type":""})") << false;
        QTest::newRow("no event_id") << QByteArray(R"({"type":"m.room.message","sender":"@a:x"})") << true;
        QTest::newRow("no sender") << QByteArray(R"({"type":"m.room.message","event_id":"$1"})") << true;
        QTest::newRow("event_id number") << QByteArray(R"({"type":"m.room.message","event_id":7,"sender":"@a:x"})") << true;
        QTest::newRow("sender object") << QByteArray(R"({"type":"m.room.message","event_id":"$1","sender":{}})") << true;
        QTest::newRow("state_key number") << QByteArray(R"({"type":"m.room.name","state_key":3})") << false;
    }
    void fromJsonRejectsMalformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, roomEvent);
        const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
        QVERIFY(doc.isArray());
        QVERIFY(!Event::fromJson(doc.array().at(0), roomEvent));
    }

    void strippedStateNeedsNoEventId()
    {
        const auto e = Event::fromJson(obj(R"({"type":"m.room.name","state_key":"","sender":"@a:x","content":{"name":"R"}})"), false);
        QVERIFY(e);
        QVERIFY(e->isState());
        QCOMPARE(e->stateKey(), QString());
        QCOMPARE(e->eventId(), QString());
    }

    void wrongValueTypesReadAsEmpty()
    {
        const Event e(obj(R"({"type":"m.room.message","event_id":"$1","sender":"@a:x","origin_server_ts":"yesterday",
            "content":{"msgtype":1,"body":["not","a","string"],"format":null},"unsigned":"nope"})"));
        QCOMPARE(e.originServerTs(), 0);
        QVERIFY(!e.timestamp().isValid());
        QCOMPARE(RoomMessageView(e).body(), QString());
        QCOMPARE(RoomMessageView(e).msgtype(), QString());
        QCOMPARE(RoomMessageView(e).format(), QString());
        QVERIFY(e.unsignedData().isEmpty());
        QCOMPARE(e.transactionId(), QString());
        QVERIFY(!e.isRedacted());
    }

    void nullContentIsEmpty()
    {
        const Event e(obj(R"({"type":"m.room.member","event_id":"$1","sender":"@a:x","state_key":"@a:x","content":null})"));
        QVERIFY(e.content().isEmpty());
        const MemberView member(e);
        QCOMPARE(member.membership(), QString());
        QCOMPARE(member.displayName(), QString());
        QCOMPARE(member.prevMembership(), QString());
        QVERIFY(!member.isDirect());
        QCOMPARE(member.userId(), QStringLiteral("@a:x"));
    }

    void negativeTimestampIsZero()
    {
        const Event e(obj(R"({"type":"x","origin_server_ts":-5})"));
        QCOMPARE(e.originServerTs(), 0);
    }

    // Found by fuzz_sync_parser: beyond qint64, the conversion was undefined behaviour.
    void hugeTimestampIsZero()
    {
        const Event e(obj(R"({"type":"x","origin_server_ts":16999999901699999980000})"));
        QCOMPARE(e.originServerTs(), 0);
        QVERIFY(!e.timestamp().isValid());
    }

    void memberViewReadsPrevContent()
    {
        const Event e(obj(R"({"type":"m.room.member","event_id":"$1","sender":"@a:x","state_key":"@a:x",
            "content":{"membership":"join","displayname":"Alice","avatar_url":"mxc:\/\/x/a","is_direct":true},
            "unsigned":{"prev_content":{"membership":"invite","displayname":"Al"}}})"));
        const MemberView m(e);
        QCOMPARE(m.membership(), QStringLiteral("join"));
        QCOMPARE(m.prevMembership(), QStringLiteral("invite"));
        QCOMPARE(m.displayName(), QStringLiteral("Alice"));
        QCOMPARE(m.prevDisplayName(), QStringLiteral("Al"));
        QCOMPARE(m.avatarUrl(), QStringLiteral("mxc://x/a"));
        QVERIFY(m.isDirect());
    }

    void topLevelPrevContentFallback()
    {
        const Event e(obj(R"({"type":"m.room.member","state_key":"@a:x","content":{},"prev_content":{"membership":"join"}})"));
        QCOMPARE(MemberView(e).prevMembership(), QStringLiteral("join"));
    }

    void redactedEvent()
    {
        const Event e(obj(R"({"type":"m.room.message","content":{},"unsigned":{"redacted_because":{"type":"m.room.redaction"}}})"));
        QVERIFY(e.isRedacted());
    }

    void unknownTypeKept()
    {
        const auto e = Event::fromJson(obj(R"({"type":"org.example.custom","event_id":"$9","sender":"@a:x","content":{"x":1}})"), true);
        QVERIFY(e);
        QCOMPARE(e->kind(), EventKind::Unknown);
        QCOMPARE(e->json().value("content").toObject().value("x").toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "test_events.moc"
