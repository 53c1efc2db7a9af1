// Attachments through the real store (StoreBridge over an encrypted database): an entry and its attachment are
// committed before anything is uploaded; an upload recorded before a "crash" (outbox and store closed) is not done
// again after the restart, and the event goes out once with the entry's transaction id; a cancelled entry is gone
// from the store before its staged files are released.
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/attachment_uploader.h"
#include "rooms/outbox.h"
#include "rooms/room_list.h"
#include "session/store_bridge.h"
#include "support/fault_http_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
const QString kRoom = QStringLiteral("!room:x");

class ScriptedUploader : public AttachmentUploader {
public:
    QList<Request> requests;
    QList<Done> done;
    quint64 upload(const Request &request, Progress, Done finished) override
    {
        requests << request;
        done << std::move(finished);
        return quint64(requests.size());
    }
    void cancel(quint64) override {}
};

StagedFile staged(const QString &name, qint64 size, char seed)
{
    StagedFile f;
    f.fileName = name;
    f.size = size;
    f.cipher.key = QByteArray(32, seed);
    f.cipher.iv = QByteArray(8, char(seed + 1)) + QByteArray(8, '\0');
    f.cipher.sha256 = QByteArray(32, char(seed + 2));
    return f;
}

OutgoingAttachment video()
{
    OutgoingAttachment a;
    a.msgtype = QStringLiteral("m.video");
    a.fileName = QStringLiteral("visite.mp4");
    a.caption = QStringLiteral("Visite du site");
    a.mimeType = QStringLiteral("video/mp4");
    a.file = staged(QStringLiteral("staging/v1"), 50000, 'v');
    a.width = 1280;
    a.height = 720;
    a.durationMs = 2000;
    a.thumbnail = staged(QStringLiteral("staging/p1"), 3000, 'p');
    a.thumbnailMimeType = QStringLiteral("image/jpeg");
    a.thumbnailWidth = 640;
    a.thumbnailHeight = 360;
    return a;
}

void joinRoom(RoomList &rooms)
{
    const QJsonObject sync{
        {"next_batch", "1"},
        {"rooms", QJsonObject{{"join", QJsonObject{{kRoom, QJsonObject{{"state", QJsonObject{{"events", QJsonArray{
            QJsonObject{{"type", "m.room.create"}, {"state_key", ""}, {"sender", "@bob:x"}, {"event_id", "$c"},
                        {"content", QJsonObject{}}}}}}}}}}}}}};
    const SyncParseResult parsed = parseSyncResponse(QJsonDocument(sync).toJson());
    QVERIFY(parsed.ok);
    rooms.applySync(parsed.delta);
}

QByteArray dbKey()
{
    QByteArray k(32, 'k');
    for (int i = 0; i < k.size(); ++i)
        k[i] = char(k[i] + i);
    return k;
}

// One run of "the app": the store opened, an outbox over it, the room joined.
struct Run {
    explicit Run(const AccountLocation &where, FaultHttpServer &server)
    {
        http.setHomeserver(server.url());
        joinRoom(rooms);
        bool opened = false;
        bridge.open(where, [&](const StoreBridge::Opened &o) {
            QVERIFY2(o.error.ok(), qPrintable(o.error.detail));
            stored = o.outbox;
            opened = true;
        });
        QTRY_VERIFY(opened);
        outbox.setJournal(&bridge);
        outbox.setUploader(&uploader);
        outbox.setStagedFilesRemover([this](const OutgoingAttachment &a) { released << a.file.fileName; });
    }
    HttpClient http;
    RoomApi api{&http};
    RoomList rooms{kMe};
    StoreBridge bridge;
    ScriptedUploader uploader;
    QStringList released;
    QList<OutboxEntry> stored; // what the store held when it was opened
    Outbox outbox{&api, &rooms, kMe};
};

} // namespace

class TestOutboxDurable : public QObject {
    Q_OBJECT
private slots:
    void uploadRecordedBeforeACrashIsNotDoneAgain()
    {
        QTemporaryDir dir;
        const AccountLocation where{dir.filePath(QStringLiteral("store.db")), dbKey()};
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::json(200, {{"event_id", "$video"}}));
        QString txn;
        {
            Run first(where, server);
            QSignalSpy accepted(&first.outbox, &Outbox::accepted);
            txn = first.outbox.sendAttachment(kRoom, video());
            QCOMPARE(first.uploader.requests.size(), 0); // not before the store committed it
            QTRY_COMPARE(accepted.size(), 1);
            QCOMPARE(first.uploader.requests.size(), 1);
            QCOMPARE(first.uploader.requests.first().file.fileName, QStringLiteral("staging/p1"));
            first.uploader.done.first()({}, QStringLiteral("mxc://x/poster"));
            // Recorded, then the file's upload starts: the process dies during it.
            QTRY_COMPARE(first.uploader.requests.size(), 2);
            QCOMPARE(first.uploader.requests.at(1).file.fileName, QStringLiteral("staging/v1"));
        }
        QCOMPARE(server.requestCount(), 0);
        {
            Run second(where, server);
            QCOMPARE(second.stored.size(), 1);
            const OutboxEntry &entry = second.stored.first();
            QCOMPARE(entry.transactionId, txn);
            QVERIFY(entry.attachment);
            const OutgoingAttachment &a = *entry.attachment;
            const OutgoingAttachment original = video();
            QCOMPARE(a.thumbnailUrl, QStringLiteral("mxc://x/poster"));
            QVERIFY(a.fileUrl.isEmpty());
            QVERIFY(!a.uploadedEncrypted);
            QCOMPARE(a.file.cipher.key, original.file.cipher.key);
            QCOMPARE(a.thumbnail.cipher.sha256, original.thumbnail.cipher.sha256);
            QCOMPARE(a.caption, original.caption);
            QCOMPARE(a.durationMs, original.durationMs);

            QSignalSpy sent(&second.outbox, &Outbox::sent);
            second.outbox.restore(second.stored);
            QCOMPARE(second.uploader.requests.size(), 1); // the file only: the poster is not uploaded again
            QCOMPARE(second.uploader.requests.first().file.fileName, QStringLiteral("staging/v1"));
            second.uploader.done.first()({}, QStringLiteral("mxc://x/video"));
            QTRY_COMPARE(sent.size(), 1);
            QTRY_COMPARE(second.released, QStringList{"staging/v1"});
        }
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest put = server.requests().first();
        QVERIFY(put.path().endsWith("/send/m.room.message/" + txn.toUtf8()));
        const QJsonObject content = QJsonDocument::fromJson(put.body).object();
        QCOMPARE(content.value("body").toString(), QStringLiteral("Visite du site"));
        QCOMPARE(content.value("url").toString(), QStringLiteral("mxc://x/video"));
        QCOMPARE(content.value("info").toObject().value("thumbnail_url").toString(), QStringLiteral("mxc://x/poster"));
        QCOMPARE(content.value("info").toObject().value("duration").toInt(), 2000);
        Run third(where, server);
        QVERIFY(third.stored.isEmpty());
    }

    void cancelledEntryLeavesTheStore()
    {
        QTemporaryDir dir;
        const AccountLocation where{dir.filePath(QStringLiteral("store.db")), dbKey()};
        FaultHttpServer server;
        QVERIFY(server.listen());
        {
            Run first(where, server);
            QSignalSpy accepted(&first.outbox, &Outbox::accepted);
            const QString txn = first.outbox.sendAttachment(kRoom, video());
            QTRY_COMPARE(accepted.size(), 1);
            QVERIFY(first.outbox.cancel(txn));
            QVERIFY(first.released.isEmpty()); // not before the store forgot it
            QTRY_COMPARE(first.released, QStringList{"staging/v1"});
        }
        Run second(where, server);
        QVERIFY(second.stored.isEmpty());
        QCOMPARE(server.requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOutboxDurable)
#include "test_outbox_durable.moc"
