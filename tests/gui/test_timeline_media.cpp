// The timeline's rows, offscreen and without a server: every kind of row paints (text, state change, gap,
// undecryptable, local echo, failed) with the heights it had before the painters were split out.
#include "events/event_encryption.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_view.h"

#include <QApplication>
#include <QTest>

using namespace estafette;

namespace {

const QString kMe = QStringLiteral("@me:x");
constexpr qint64 kDay = 24 * 3600 * 1000;

// Noon today (local), minus `days`, plus `minutes`: fixed times so headers and day separators are the same each run.
qint64 at(int days, int minutes)
{
    const QDateTime noon(QDate::currentDate(), QTime(12, 0));
    return noon.toMSecsSinceEpoch() - days * kDay + qint64(minutes) * 60 * 1000;
}

Event roomEvent(const QString &id, const QString &sender, qint64 ts, const QString &type, const QJsonObject &content,
                const QString &stateKey = QString(), bool state = false)
{
    QJsonObject json{{"type", type}, {"sender", sender}, {"event_id", id}, {"origin_server_ts", ts},
                     {"content", content}};
    if (state)
        json.insert(QStringLiteral("state_key"), stateKey);
    return Event(json);
}

Event text(const QString &id, const QString &sender, qint64 ts, const QString &body,
           const QString &msgtype = QStringLiteral("m.text"))
{
    return roomEvent(id, sender, ts, QStringLiteral("m.room.message"), QJsonObject{{"msgtype", msgtype}, {"body", body}});
}

Event encrypted(const QString &id, qint64 ts)
{
    return roomEvent(id, QStringLiteral("@alice:x"), ts, QStringLiteral("m.room.encrypted"),
                     QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}});
}

Event decrypted(const QString &id, qint64 ts, const QString &body, SenderTrust trust)
{
    EncryptionStatus status;
    status.encrypted = status.decrypted = true;
    status.trust = trust;
    status.deviceId = QStringLiteral("ALICEPHONE");
    return decryptedEvent(encrypted(id, ts), QStringLiteral("m.room.message"),
                          QJsonObject{{"msgtype", "m.text"}, {"body", body}}, status);
}

// A room with one row of each kind the timeline knew before media: messages grouped and not, a long name, a
// multi-line body, emote, notice, state change, unsupported event, gap, undecryptable and rejected placeholders,
// unproven senders, an unreadable body, a local echo being sent and a failed one.
void fillWithEveryKind(Room &room)
{
    RoomDelta older;
    older.roomId = room.id();
    older.state = {roomEvent(QStringLiteral("$mb"), QStringLiteral("@bob:x"), at(2, 0), QStringLiteral("m.room.member"),
                             QJsonObject{{"membership", "join"}, {"displayname", "Bob"}}, QStringLiteral("@bob:x"), true)};
    older.timeline = {
        text(QStringLiteral("$1"), QStringLiteral("@bob:x"), at(2, 0), QStringLiteral("Hello from two days ago")),
        text(QStringLiteral("$2"), QStringLiteral("@bob:x"), at(2, 1), QStringLiteral("grouped under the first")),
        text(QStringLiteral("$3"), QStringLiteral("@a-very-long-user-name-that-must-be-elided-somewhere:x"), at(2, 2),
             QStringLiteral("A message whose body is long enough to wrap over more than one line in a timeline of "
                            "this width, with\nan explicit line break too.")),
    };
    room.applyDelta(older);

    RoomDelta newer;
    newer.roomId = room.id();
    newer.limited = true;
    newer.prevBatch = QStringLiteral("gap");
    newer.timeline = {
        text(QStringLiteral("$4"), QStringLiteral("@bob:x"), at(1, 0), QStringLiteral("waves"), QStringLiteral("m.emote")),
        text(QStringLiteral("$5"), QStringLiteral("@bob:x"), at(1, 1), QStringLiteral("a notice"), QStringLiteral("m.notice")),
        roomEvent(QStringLiteral("$6"), QStringLiteral("@bob:x"), at(1, 2), QStringLiteral("m.room.topic"),
                  QJsonObject{{"topic", "Site visits"}}, QString(), true),
        roomEvent(QStringLiteral("$7"), QStringLiteral("@bob:x"), at(1, 3), QStringLiteral("m.poll.start"), QJsonObject{}),
        roomEvent(QStringLiteral("$8"), QStringLiteral("@bob:x"), at(0, 0), QStringLiteral("m.room.message"),
                  QJsonObject{{"msgtype", "m.text"}, {"body", 42}}),
        undecryptableEvent(encrypted(QStringLiteral("$9"), at(0, 1)), DecryptionError::MissingKey),
        undecryptableEvent(encrypted(QStringLiteral("$10"), at(0, 2)), DecryptionError::Replay),
        decrypted(QStringLiteral("$11"), at(0, 3), QStringLiteral("key of another device"), SenderTrust::Mismatch),
        decrypted(QStringLiteral("$12"), at(0, 4), QStringLiteral("device not known yet"), SenderTrust::UnknownDevice),
    };
    room.applyDelta(newer);

    const QJsonObject echo{{"type", "m.room.message"}, {"sender", kMe}, {"origin_server_ts", at(0, 5)},
                           {"content", QJsonObject{{"msgtype", "m.text"}, {"body", "on its way"}}}};
    room.timeline()->addLocalEcho(QStringLiteral("t1"), Event(echo));
    QJsonObject failed = echo;
    failed.insert(QStringLiteral("content"), QJsonObject{{"msgtype", "m.text"}, {"body", "did not go"}});
    room.timeline()->addLocalEcho(QStringLiteral("t2"), Event(failed));
    room.timeline()->setSendState(QStringLiteral("t2"), SendState::Failed);
}

void saveGrab(const QImage &image, const char *name)
{
    const QString folder = qEnvironmentVariable("ESTAFETTE_TEST_GRABS");
    if (!folder.isEmpty())
        image.save(folder + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

QList<int> rowHeights(TimelineView &view)
{
    QStyleOptionViewItem option;
    option.initFrom(&view);
    QList<int> heights;
    for (int row = 0; row < view.model()->rowCount(); ++row)
        heights << view.timelineDelegate()->sizeHint(option, view.model()->index(row, 0)).height();
    return heights;
}

} // namespace

class TestTimelineMedia : public QObject {
    Q_OBJECT
private slots:
    void everyExistingKindPaints()
    {
        Room room(QStringLiteral("!r:x"), kMe);
        fillWithEveryKind(room);
        TimelineView view;
        view.resize(520, 1400);
        view.setRoom(&room);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QAbstractItemModel *model = view.model();
        QCOMPARE(model->rowCount(), 15);
        QCOMPARE(model->index(3, 0).data(TimelineModel::ItemKindRole).value<TimelineModel::ItemKind>(),
                 TimelineModel::ItemKind::Gap);

        const QList<int> heights = rowHeights(view);
        qInfo() << "row heights" << heights;
        // A grouped message is shorter than the one with the header above it; a wrapped one taller.
        QVERIFY(heights.at(1) < heights.at(0));
        QVERIFY(heights.at(2) > heights.at(1));
        // Unauthenticated sender and failed message: a line of their own under the body.
        QVERIFY(heights.at(11) > heights.at(12));
        QVERIFY(heights.at(14) > heights.at(12));

        view.setCurrentIndex(model->index(5, 0)); // focus frame
        QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        view.viewport()->render(&image);
        saveGrab(image, "every-kind");
    }
};

QTEST_MAIN(TestTimelineMedia)
#include "test_timeline_media.moc"
