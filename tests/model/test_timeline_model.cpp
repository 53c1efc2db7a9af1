// TimelineModel over a Room's Timeline under QAbstractItemModelTester: syncs, gaps, pages, echoes, roles.
#include "models/timeline_model.h"
#include "events/event_encryption.h"
#include "rooms/room.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;

class TestTimelineModel : public QObject {
    Q_OBJECT
private slots:
    void forwardsTimelineChanges();
    void roles();
    void switchingAndDestroyedRoom();
    void unreadableMessage();
    void mediaKinds();
    void mediaFollowsItsItem();
};

#ifndef Q_MOC_RUN

namespace {

const QString me = QStringLiteral("@me:x");

RoomDelta delta(const QByteArray &roomJson)
{
    const QByteArray body = R"({"next_batch":"n","rooms":{"join":{"!r:x":)" + roomJson + "}}}";
    const SyncParseResult result = parseSyncResponse(body);
    if (!result.ok || result.delta.rooms.isEmpty())
        qFatal("fixture does not parse");
    return result.delta.rooms.first();
}

QByteArray messages(const QStringList &ids, bool limited, const QString &prevBatch)
{
    QStringList events;
    for (const QString &id : ids) {
        events << QStringLiteral(R"({"type":"m.room.message","sender":"@bob:x","event_id":"%1","origin_server_ts":1000,
                                    "content":{"msgtype":"m.text","body":"body %1"}})").arg(id);
    }
    return QStringLiteral(R"({"timeline":{"events":[%1],"limited":%2,"prev_batch":"%3"}})")
        .arg(events.join(QLatin1Char(',')), limited ? QStringLiteral("true") : QStringLiteral("false"), prevBatch)
        .toUtf8();
}

QStringList column(const QAbstractItemModel &model, int role)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(role).toString();
    return out;
}

} // namespace

void TestTimelineModel::forwardsTimelineChanges()
{
    Room room(QStringLiteral("!r:x"), me);
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRoom(&room);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    room.applyDelta(delta(messages({"$1", "$2"}, false, "top")));
    QCOMPARE(model.rowCount(), 2);
    room.applyDelta(delta(messages({"$8", "$9"}, true, "gap8")));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.last().at(1).toInt(), 2);
    QCOMPARE(inserted.last().at(2).toInt(), 4);
    QCOMPARE(model.index(2, 0).data(TimelineModel::ItemKindRole).value<TimelineModel::ItemKind>(),
             TimelineModel::ItemKind::Gap);

    // Back-pagination at the top, then into the gap.
    const auto top = parseMessagesResponse(R"({"chunk":[{"type":"m.room.message","sender":"@bob:x","event_id":"$0","content":{"body":"zero"}}],"end":""})");
    QVERIFY(top);
    room.applyMessagesPage(*top);
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    const auto gapPage = parseMessagesResponse(R"({"chunk":[
        {"type":"m.room.message","sender":"@bob:x","event_id":"$7","content":{"body":"seven"}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$2","content":{"body":"two"}}],"end":"more"})");
    QVERIFY(gapPage);
    room.applyMessagesPage(*gapPage, 3);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(column(model, TimelineModel::EventIdRole), (QStringList{"$0", "$1", "$2", "$7", "$8", "$9"}));

    // Local echo, then the server's event with our transaction id: same row, dataChanged only.
    QJsonObject echo{{"type", "m.room.message"}, {"sender", me},
                     {"content", QJsonObject{{"msgtype", "m.text"}, {"body", "mine"}}}};
    room.timeline()->addLocalEcho(QStringLiteral("t1"), Event(echo));
    QCOMPARE(model.rowCount(), 7);
    const int insertsBefore = int(inserted.count());
    const int changesBefore = int(changed.count());
    QCOMPARE(model.index(6, 0).data(TimelineModel::SendStateRole).toInt(), int(SendState::Sending));
    room.applyDelta(delta(R"({"timeline":{"events":[{"type":"m.room.message","sender":"@me:x","event_id":"$mine",
        "content":{"msgtype":"m.text","body":"mine"},"unsigned":{"transaction_id":"t1"}}]}})"));
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(inserted.count(), insertsBefore);
    QCOMPARE(changed.count(), changesBefore + 1);
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 6);
    QCOMPARE(model.index(6, 0).data(TimelineModel::EventIdRole).toString(), QStringLiteral("$mine"));
    QCOMPARE(model.index(6, 0).data(TimelineModel::SendStateRole).toInt(), int(SendState::Sent));
    QCOMPARE(model.index(6, 0).data(TimelineModel::TransactionIdRole).toString(), QStringLiteral("t1"));
}

void TestTimelineModel::roles()
{
    Room room(QStringLiteral("!r:x"), me);
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRoom(&room);
    room.applyDelta(delta(R"({"state":{"events":[
        {"type":"m.room.member","state_key":"@bob:x","sender":"@bob:x","event_id":"$mb","content":{"membership":"join","displayname":"Bob"}},
        {"type":"m.room.member","state_key":"@me:x","sender":"@me:x","event_id":"$mm","content":{"membership":"join","displayname":"Me"}}]},
      "timeline":{"events":[
        {"type":"m.room.message","sender":"@bob:x","event_id":"$t","origin_server_ts":1700000000000,"content":{"msgtype":"m.text","body":"hello"}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$e","content":{"msgtype":"m.emote","body":"waves"}},
        {"type":"m.room.message","sender":"@me:x","event_id":"$n","content":{"msgtype":"m.notice","body":"note"}},
        {"type":"m.room.topic","state_key":"","sender":"@bob:x","event_id":"$s","content":{"topic":"T"}},
        {"type":"m.poll.start","sender":"@bob:x","event_id":"$u","content":{}},
        {"type":"m.room.encrypted","sender":"@bob:x","event_id":"$x","content":{}}]}})"));
    QCOMPARE(model.rowCount(), 6);
    using K = TimelineModel::ItemKind;
    const QList<K> kinds{K::Message, K::Emote, K::Notice, K::StateChange, K::Unsupported, K::Message};
    for (int row = 0; row < kinds.size(); ++row) {
        QCOMPARE(model.index(row, 0).data(TimelineModel::ItemKindRole).value<K>(), kinds.at(row));
        QCOMPARE(model.index(row, 0).data(TimelineModel::ItemKindRole).toInt(), int(kinds.at(row))); // as views read it
    }
    QCOMPARE(column(model, TimelineModel::BodyRole),
             (QStringList{"hello", "* Bob waves", "note", "Bob changed the topic to “T”", "Unsupported event (m.poll.start)",
                          "Encrypted message"}));
    const QModelIndex first = model.index(0, 0);
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("hello"));
    QCOMPARE(first.data(TimelineModel::SenderIdRole).toString(), QStringLiteral("@bob:x"));
    QCOMPARE(first.data(TimelineModel::SenderNameRole).toString(), QStringLiteral("Bob"));
    QCOMPARE(first.data(TimelineModel::TimestampRole).toDateTime(), QDateTime::fromMSecsSinceEpoch(1700000000000));
    QCOMPARE(first.data(TimelineModel::EventTypeRole).toString(), QStringLiteral("m.room.message"));
    QCOMPARE(first.data(TimelineModel::IsOwnRole).toBool(), false);
    QCOMPARE(model.index(2, 0).data(TimelineModel::IsOwnRole).toBool(), true);
    QCOMPARE(first.data(TimelineModel::SendStateRole).toInt(), int(SendState::None));
    QCOMPARE(model.roleNames().value(TimelineModel::BodyRole), QByteArray("body"));

    // Screen readers hear the text, and a warning when the sender of a decrypted message is not established.
    QCOMPARE(first.data(Qt::AccessibleTextRole).toString(), QStringLiteral("hello"));
    QVERIFY(first.data(Qt::AccessibleDescriptionRole).toString().isEmpty());
    const Event encrypted = room.timeline()->at(5).event;
    EncryptionStatus status;
    status.encrypted = true;
    status.decrypted = true;
    status.trust = SenderTrust::Mismatch;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    room.replaceEvents({decryptedEvent(encrypted, QStringLiteral("m.room.message"),
                                       QJsonObject{{"msgtype", "m.text"}, {"body", "pay now"}}, status)});
    QCOMPARE(changed.size(), 1);
    const QModelIndex spoofed = model.index(5, 0);
    QCOMPARE(spoofed.data(TimelineModel::BodyRole).toString(), QStringLiteral("pay now"));
    QVERIFY(spoofed.data(Qt::AccessibleTextRole).toString().startsWith(QStringLiteral("pay now — ")));
    QVERIFY(spoofed.data(Qt::AccessibleDescriptionRole).toString().contains(QStringLiteral("Bob")));
}

void TestTimelineModel::switchingAndDestroyedRoom()
{
    auto *a = new Room(QStringLiteral("!a:x"), me);
    Room b(QStringLiteral("!b:x"), me);
    a->applyDelta(delta(messages({"$1", "$2", "$3"}, false, "t")));
    b.applyDelta(delta(messages({"$9"}, false, "t")));
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRoom(a);
    QCOMPARE(model.rowCount(), 3);
    model.setRoom(&b);
    QCOMPARE(model.rowCount(), 1);
    // The old room no longer drives the model.
    a->applyDelta(delta(messages({"$4"}, false, "t")));
    QCOMPARE(model.rowCount(), 1);
    model.setRoom(a);
    QCOMPARE(model.rowCount(), 4);
    delete a;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 4);
    model.setRoom(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestTimelineModel::unreadableMessage()
{
    Room room(QStringLiteral("!r:x"), me);
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRoom(&room);
    room.applyDelta(delta(R"({"timeline":{"events":[
        {"type":"m.room.message","sender":"@bob:x","event_id":"$num","content":{"msgtype":"m.text","body":42}},
        {"type":"m.room.encrypted","sender":"@bob:x","event_id":"$x","content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}})"));
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex row = model.index(0, 0);
    // A row that says what it is, with the reason for the tooltip and the screen reader; never blank.
    QCOMPARE(row.data(TimelineModel::BodyRole).toString(), QStringLiteral("Unreadable message"));
    QCOMPARE(row.data(Qt::AccessibleTextRole).toString(), QStringLiteral("Unreadable message"));
    const QString reason = row.data(TimelineModel::UnreadableReasonRole).toString();
    QVERIFY2(reason.contains(QStringLiteral("not text")), qPrintable(reason));
    QCOMPARE(row.data(Qt::AccessibleDescriptionRole).toString(), reason);
    QVERIFY(model.index(1, 0).data(TimelineModel::UnreadableReasonRole).toString().isEmpty());

    // Decrypted to such content, from a sender that is not established: both are said.
    const Event encrypted = room.timeline()->at(1).event;
    EncryptionStatus status;
    status.encrypted = status.decrypted = true;
    status.trust = SenderTrust::Mismatch;
    room.replaceEvents({decryptedEvent(encrypted, QStringLiteral("m.room.message"),
                                       QJsonObject{{"msgtype", "m.text"}}, status)});
    const QModelIndex decrypted = model.index(1, 0);
    QCOMPARE(decrypted.data(TimelineModel::BodyRole).toString(), QStringLiteral("Unreadable message"));
    QVERIFY(decrypted.data(Qt::AccessibleTextRole).toString().startsWith(QStringLiteral("Unreadable message — ")));
    const QString description = decrypted.data(Qt::AccessibleDescriptionRole).toString();
    QVERIFY2(description.contains(QStringLiteral("no text")) && description.contains(QStringLiteral("@bob:x")),
             qPrintable(description));
}

void TestTimelineModel::mediaKinds()
{
    Room room(QStringLiteral("!r:x"), me);
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRoom(&room);
    room.applyDelta(delta(R"({"timeline":{"events":[
        {"type":"m.room.message","sender":"@bob:x","event_id":"$i","content":{"msgtype":"m.image","body":"site.jpg",
          "url":"mxc://x/img","info":{"mimetype":"image/jpeg","w":4000,"h":3000,"size":1000}}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$v","content":{"msgtype":"m.video","body":"visit.mp4",
          "url":"mxc://x/vid","info":{"mimetype":"video/mp4","duration":2000}}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$a","content":{"msgtype":"m.audio","body":"memo.ogg","url":"mxc://x/aud"}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$f","content":{"msgtype":"m.file","body":"Signed","filename":"contract.pdf",
          "url":"mxc://x/pdf","info":{"mimetype":"application/pdf"}}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$bad","content":{"msgtype":"m.image","body":"x.png","url":"https://evil/x.png"}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$exe","content":{"msgtype":"m.file","body":"invoice.pdf.exe","url":"mxc://x/exe"}},
        {"type":"m.room.message","sender":"@bob:x","event_id":"$t","content":{"msgtype":"m.text","body":"hello"}}]}})"));
    QCOMPARE(model.rowCount(), 7);
    using K = TimelineModel::ItemKind;
    const QList<K> kinds{K::Image, K::Video, K::Audio, K::File, K::File, K::File, K::Message};
    for (int row = 0; row < kinds.size(); ++row)
        QCOMPARE(model.index(row, 0).data(TimelineModel::ItemKindRole).value<K>(), kinds.at(row));

    const auto mediaAt = [&](int row) { return model.index(row, 0).data(TimelineModel::MediaRole).value<MediaContent>(); };
    QVERIFY(mediaAt(0).isValid());
    QCOMPARE(mediaAt(0).source().url, QStringLiteral("mxc://x/img"));
    QCOMPARE(mediaAt(0).dimensions(), QSize(4000, 3000));
    QCOMPARE(mediaAt(1).durationMs(), 2000);
    QCOMPARE(mediaAt(3).fileName(), QStringLiteral("contract.pdf"));
    QCOMPARE(mediaAt(3).caption(), QStringLiteral("Signed"));
    // Malformed or misleading: a File row whose media says what is wrong.
    QCOMPARE(mediaAt(4).problem(), MediaContent::Problem::InvalidUrl);
    QCOMPARE(mediaAt(5).problem(), MediaContent::Problem::DisguisedExecutable);
    QCOMPARE(mediaAt(6).problem(), MediaContent::Problem::NotMedia);

    // No upload is known for received events.
    const auto progress = model.index(0, 0).data(TimelineModel::UploadProgressRole).value<TransferProgress>();
    QCOMPARE(progress, TransferProgress{});
    QVERIFY(!progress.isKnown());

    // Screen readers hear what the row is, and what is wrong with it.
    QCOMPARE(model.index(0, 0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Image: site.jpg"));
    QCOMPARE(model.index(3, 0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("File: contract.pdf — Signed"));
    QVERIFY(model.index(4, 0).data(Qt::AccessibleTextRole).toString().startsWith(QStringLiteral("File: x.png — ")));
    QCOMPARE(model.roleNames().value(TimelineModel::MediaRole), QByteArray("media"));
    QCOMPARE(model.roleNames().value(TimelineModel::UploadProgressRole), QByteArray("uploadProgress"));
}

void TestTimelineModel::mediaFollowsItsItem()
{
    Room room(QStringLiteral("!r:x"), me);
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRoom(&room);
    using K = TimelineModel::ItemKind;

    // Our own image before it is uploaded: no address yet, still an image.
    const QJsonObject content{{"msgtype", "m.image"}, {"body", "board.png"},
                              {"info", QJsonObject{{"mimetype", "image/png"}, {"w", 800}, {"h", 600}}}};
    room.timeline()->addLocalEcho(QStringLiteral("t1"),
                                  Event(QJsonObject{{"type", "m.room.message"}, {"sender", me}, {"content", content}}));
    QCOMPARE(model.index(0, 0).data(TimelineModel::ItemKindRole).value<K>(), K::Image);
    MediaContent echo = model.index(0, 0).data(TimelineModel::MediaRole).value<MediaContent>();
    QVERIFY(echo.isValid());
    QVERIFY(echo.source().isEmpty());

    // The server's event replaces it: the same row now knows where the image is.
    QJsonObject sent = content;
    sent.insert(QStringLiteral("url"), QStringLiteral("mxc://x/board"));
    room.applyDelta(delta(QStringLiteral(R"({"timeline":{"events":[{"type":"m.room.message","sender":"@me:x","event_id":"$b",
        "content":%1,"unsigned":{"transaction_id":"t1"}}]}})")
                              .arg(QString::fromUtf8(QJsonDocument(sent).toJson(QJsonDocument::Compact)))
                              .toUtf8()));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(TimelineModel::MediaRole).value<MediaContent>().source().url,
             QStringLiteral("mxc://x/board"));
    // A received event without an address is malformed, unlike an echo.
    room.applyDelta(delta(QStringLiteral(R"({"timeline":{"events":[{"type":"m.room.message","sender":"@bob:x","event_id":"$n",
        "content":%1}]}})")
                              .arg(QString::fromUtf8(QJsonDocument(content).toJson(QJsonDocument::Compact)))
                              .toUtf8()));
    QCOMPARE(model.index(1, 0).data(TimelineModel::ItemKindRole).value<K>(), K::File);
    QCOMPARE(model.index(1, 0).data(TimelineModel::MediaRole).value<MediaContent>().problem(),
             MediaContent::Problem::MissingSource);

    // An encrypted event decrypted into a file: its row becomes a file.
    room.applyDelta(delta(R"({"timeline":{"events":[
        {"type":"m.room.encrypted","sender":"@bob:x","event_id":"$x","content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}})"));
    QCOMPARE(model.index(2, 0).data(TimelineModel::ItemKindRole).value<K>(), K::Message);
    EncryptionStatus status;
    status.encrypted = status.decrypted = true;
    status.trust = SenderTrust::KnownDevice;
    room.replaceEvents({decryptedEvent(room.timeline()->at(2).event, QStringLiteral("m.room.message"),
                                       QJsonObject{{"msgtype", "m.file"}, {"body", "notes.txt"},
                                                   {"file", QJsonObject{{"v", "v2"}}}},
                                       status)});
    QCOMPARE(model.index(2, 0).data(TimelineModel::ItemKindRole).value<K>(), K::File);
    QCOMPARE(model.index(2, 0).data(TimelineModel::MediaRole).value<MediaContent>().problem(),
             MediaContent::Problem::InvalidEncryptedFile);
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "test_timeline_model.moc"
