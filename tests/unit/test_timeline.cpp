// Timeline ordering: sync appends, gaps from limited syncs, back-pagination, gap filling, dedupe, local echoes,
// and the exact row signals a model forwards.
#include "rooms/timeline.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;

namespace {

Event msg(const QString &id, const QString &body = {}, const QString &txnId = {})
{
    QJsonObject json{{QStringLiteral("type"), QStringLiteral("m.room.message")},
                     {QStringLiteral("event_id"), id},
                     {QStringLiteral("sender"), QStringLiteral("@a:x")},
                     {QStringLiteral("origin_server_ts"), 1000},
                     {QStringLiteral("content"), QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                                             {QStringLiteral("body"), body.isEmpty() ? id : body}}}};
    if (!txnId.isEmpty())
        json.insert(QStringLiteral("unsigned"), QJsonObject{{QStringLiteral("transaction_id"), txnId}});
    return Event(json);
}

Event echo(const QString &txnId, const QString &body)
{
    return Event(QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.message")},
                             {QStringLiteral("sender"), QStringLiteral("@me:x")},
                             {QStringLiteral("content"), QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                                                     {QStringLiteral("body"), body}}},
                             {QStringLiteral("unsigned"), QJsonObject{{QStringLiteral("transaction_id"), txnId}}}});
}

// "e1 e2 [gap:t] ~txn" : the timeline as a string, to compare whole orders at once.
QString layout(const Timeline &t)
{
    QStringList parts;
    for (int i = 0; i < t.size(); ++i) {
        const TimelineItem &item = t.at(i);
        switch (item.type) {
        case TimelineItem::Type::Gap:
            parts << QStringLiteral("[gap:%1]").arg(item.gapToken);
            break;
        case TimelineItem::Type::LocalEcho:
            parts << QStringLiteral("~") + item.transactionId;
            break;
        case TimelineItem::Type::Event:
            parts << item.event.eventId();
            break;
        }
    }
    return parts.join(QLatin1Char(' '));
}

QList<Event> msgs(const QStringList &ids)
{
    QList<Event> out;
    for (const QString &id : ids)
        out << msg(id);
    return out;
}

// Records every signal as text, checking that each about-to is followed by its matching done.
class Recorder : public QObject {
public:
    explicit Recorder(Timeline *t)
    {
        connect(t, &Timeline::aboutToInsert, this, [this](int f, int l) { log << QStringLiteral("ins?%1-%2").arg(f).arg(l); });
        connect(t, &Timeline::inserted, this, [this](int f, int l) { log << QStringLiteral("ins%1-%2").arg(f).arg(l); });
        connect(t, &Timeline::aboutToRemove, this, [this](int f, int l) { log << QStringLiteral("rm?%1-%2").arg(f).arg(l); });
        connect(t, &Timeline::removed, this, [this](int f, int l) { log << QStringLiteral("rm%1-%2").arg(f).arg(l); });
        connect(t, &Timeline::itemChanged, this, [this](int r) { log << QStringLiteral("chg%1").arg(r); });
    }
    QString take()
    {
        const QString s = log.join(QLatin1Char(' '));
        log.clear();
        return s;
    }
    QStringList log;
};

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
private slots:
    void firstSyncSetsTopToken()
    {
        Timeline t;
        Recorder r(&t);
        t.appendFromSync(msgs({"$1", "$2"}), true, "top0");
        QCOMPARE(layout(t), QStringLiteral("$1 $2")); // limited but nothing older: no gap
        QCOMPARE(t.topToken(), QStringLiteral("top0"));
        QVERIFY(!t.atBeginning());
        QCOMPARE(r.take(), QStringLiteral("ins?0-1 ins0-1"));
        QVERIFY(t.containsEvent("$1"));
    }

    void syncAppends()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1"}), false, "top0");
        Recorder r(&t);
        t.appendFromSync(msgs({"$2", "$3"}), false, "p2");
        QCOMPARE(layout(t), QStringLiteral("$1 $2 $3"));
        QCOMPARE(t.topToken(), QStringLiteral("top0")); // later prev_batch tokens do not move the top
        QCOMPARE(r.take(), QStringLiteral("ins?1-2 ins1-2"));
    }

    void limitedSyncInsertsGap()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1", "$2"}), false, "top0");
        Recorder r(&t);
        t.appendFromSync(msgs({"$8", "$9"}), true, "p8");
        QCOMPARE(layout(t), QStringLiteral("$1 $2 [gap:p8] $8 $9"));
        QCOMPARE(r.take(), QStringLiteral("ins?2-4 ins2-4"));
    }

    void limitedSyncOverlappingKnownEventsNoGap()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1", "$2"}), false, "top0");
        t.appendFromSync(msgs({"$2", "$3"}), true, "p2");
        QCOMPARE(layout(t), QStringLiteral("$1 $2 $3"));
    }

    void dedupe()
    {
        Timeline t;
        Recorder r(&t);
        t.appendFromSync(msgs({"$1", "$2", "$2"}), false, "top0");
        t.appendFromSync(msgs({"$1", "$3"}), false, "p");
        QCOMPARE(layout(t), QStringLiteral("$1 $2 $3"));
        QCOMPARE(r.take(), QStringLiteral("ins?0-1 ins0-1 ins?2-2 ins2-2"));
        t.appendFromSync(msgs({"$3"}), false, "p");
        QCOMPARE(r.take(), QString()); // nothing new: no signal at all
        t.prependPage(msgs({"$1", "$0"}), "older");
        QCOMPARE(layout(t), QStringLiteral("$0 $1 $2 $3"));
    }

    void prependPageOrder()
    {
        Timeline t;
        t.appendFromSync(msgs({"$5", "$6"}), false, "top5");
        Recorder r(&t);
        t.prependPage(msgs({"$4", "$3", "$2"}), "top2"); // newest first, as the server sends dir=b
        QCOMPARE(layout(t), QStringLiteral("$2 $3 $4 $5 $6"));
        QCOMPARE(t.topToken(), QStringLiteral("top2"));
        QVERIFY(!t.atBeginning());
        QCOMPARE(r.take(), QStringLiteral("ins?0-2 ins0-2"));
        t.prependPage(msgs({"$1"}), QString());
        QCOMPARE(layout(t), QStringLiteral("$1 $2 $3 $4 $5 $6"));
        QVERIFY(t.atBeginning());
        QCOMPARE(t.topToken(), QString());
    }

    void fillGapClosesOnKnownEvent()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1", "$2"}), false, "top0");
        t.appendFromSync(msgs({"$8", "$9"}), true, "p8");
        Recorder r(&t);
        // Newest first from the gap's token: $7 $6 $5 ... then $2, which we already have.
        t.fillGap(2, msgs({"$7", "$6", "$5", "$2", "$1"}), "more");
        QCOMPARE(layout(t), QStringLiteral("$1 $2 $5 $6 $7 $8 $9"));
        QCOMPARE(r.take(), QStringLiteral("rm?2-2 rm2-2 ins?2-4 ins2-4"));
    }

    void fillGapPartially()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1"}), false, "top0");
        t.appendFromSync(msgs({"$9"}), true, "p9");
        Recorder r(&t);
        t.fillGap(1, msgs({"$8", "$7"}), "p7");
        // The gap moves up: what is still missing is older than $7.
        QCOMPARE(layout(t), QStringLiteral("$1 [gap:p7] $7 $8 $9"));
        QCOMPARE(r.take(), QStringLiteral("ins?2-3 ins2-3 chg1"));
        t.fillGap(1, msgs({"$6"}), QString()); // end empty: nothing older, gap closed
        QCOMPARE(layout(t), QStringLiteral("$1 $6 $7 $8 $9"));
        QCOMPARE(r.take(), QStringLiteral("rm?1-1 rm1-1 ins?1-1 ins1-1"));
    }

    void fillGapIgnoresNonGapRow()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1", "$2"}), false, "top0");
        Recorder r(&t);
        t.fillGap(0, msgs({"$0"}), "x");
        t.fillGap(17, msgs({"$0"}), "x");
        QCOMPARE(layout(t), QStringLiteral("$1 $2"));
        QCOMPARE(r.take(), QString());
    }

    void localEchoReplacedInPlaceByTransactionId()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1"}), false, "top0");
        Recorder r(&t);
        t.addLocalEcho("txn-a", echo("txn-a", "hello"));
        QCOMPARE(layout(t), QStringLiteral("$1 ~txn-a"));
        QCOMPARE(t.at(1).sendState, SendState::Sending);
        QCOMPARE(t.rowOfTransaction("txn-a"), 1);
        QCOMPARE(r.take(), QStringLiteral("ins?1-1 ins1-1"));

        t.appendFromSync({msg("$h", "hello", "txn-a")}, false, "p");
        QCOMPARE(layout(t), QStringLiteral("$1 $h"));
        QCOMPARE(t.at(1).type, TimelineItem::Type::Event);
        QCOMPARE(t.at(1).transactionId, QStringLiteral("txn-a"));
        QCOMPARE(t.at(1).sendState, SendState::Sent);
        QCOMPARE(r.take(), QStringLiteral("chg1")); // same row, no insert/remove
        QVERIFY(t.containsEvent("$h"));

        // The PUT answer arriving after the sync changes nothing.
        t.markSent("txn-a", "$h");
        QCOMPARE(layout(t), QStringLiteral("$1 $h"));
        QCOMPARE(r.take(), QString());
    }

    void markSentWithContent_echoTakesTheContentAsSent()
    {
        Timeline t;
        t.addLocalEcho("txn-c", echo("txn-c", "plan.pdf"));
        const QJsonObject sent{{"msgtype", "m.file"}, {"body", "plan.pdf"}, {"url", "mxc://x/plan"}};
        t.markSent("txn-c", "$plan", sent);
        QCOMPARE(t.at(0).event.content(), sent);
        QCOMPARE(t.at(0).event.eventId(), QStringLiteral("$plan"));
        QCOMPARE(t.at(0).transactionId, QStringLiteral("txn-c"));
        QVERIFY(t.containsEvent("$plan"));
    }

    void markSentThenSyncReplacesByEventId()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1"}), false, "top0");
        t.addLocalEcho("txn-b", echo("txn-b", "yo"));
        Recorder r(&t);
        t.markSent("txn-b", "$yo");
        QCOMPARE(t.at(1).sendState, SendState::Sent);
        QCOMPARE(t.at(1).event.eventId(), QStringLiteral("$yo"));
        QCOMPARE(t.at(1).type, TimelineItem::Type::LocalEcho);
        QCOMPARE(r.take(), QStringLiteral("chg1"));
        // Another device's sync (no transaction id) delivers our event: it replaces the echo, not a duplicate.
        t.appendFromSync({msg("$yo", "yo")}, false, "p");
        QCOMPARE(layout(t), QStringLiteral("$1 $yo"));
        QCOMPARE(t.at(1).type, TimelineItem::Type::Event);
        QCOMPARE(r.take(), QStringLiteral("chg1"));
    }

    void newEventsGoAbovePendingEchoes()
    {
        Timeline t;
        t.appendFromSync(msgs({"$1"}), false, "top0");
        t.addLocalEcho("t1", echo("t1", "one"));
        t.addLocalEcho("t2", echo("t2", "two"));
        Recorder r(&t);
        t.appendFromSync({msg("$x"), msg("$one", "one", "t1"), msg("$y")}, false, "p");
        QCOMPARE(layout(t), QStringLiteral("$1 $x $one $y ~t2")); // t2 is still pending: stays last
        QCOMPARE(r.take(), QStringLiteral("ins?1-1 ins1-1 chg2 ins?3-3 ins3-3"));
    }

    void sendStatesAndRemoval()
    {
        Timeline t;
        t.addLocalEcho("t1", echo("t1", "one"));
        Recorder r(&t);
        MatrixError error;
        error.kind = MatrixError::Kind::Matrix;
        error.httpStatus = 403;
        error.errcode = QStringLiteral("M_FORBIDDEN");
        t.setSendState("t1", SendState::Failed, error);
        QCOMPARE(t.at(0).sendState, SendState::Failed);
        QCOMPARE(t.at(0).sendError.errcode, QStringLiteral("M_FORBIDDEN"));
        t.setSendState("unknown", SendState::Failed, error);
        t.removeLocalEcho("t1");
        QCOMPARE(t.size(), 0);
        QCOMPARE(t.rowOfTransaction("t1"), -1);
        QCOMPARE(r.take(), QStringLiteral("chg0 rm?0-0 rm0-0"));
        // The first sync after only an echo still sets the top token.
        t.appendFromSync(msgs({"$1"}), true, "top1");
        QCOMPARE(t.topToken(), QStringLiteral("top1"));
        QCOMPARE(layout(t), QStringLiteral("$1"));
    }

    void duplicateEchoIgnored()
    {
        Timeline t;
        t.addLocalEcho("t1", echo("t1", "one"));
        t.addLocalEcho("t1", echo("t1", "one"));
        t.addLocalEcho(QString(), echo(QString(), "none"));
        QCOMPARE(t.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "test_timeline.moc"
