// Attachments in the outbox, one entry with steps: nothing uploaded before the entry is committed; thumbnail,
// then file, each recorded once done; then the event naming both, encrypted in an encrypted room (ciphertext
// uploaded as it is) and PUT with the entry's transaction id. Restored entries resume at their first unfinished
// step; cancel aborts the upload and removes echo, entry and staged files; permanent upload errors fail the entry,
// transient ones are retried; messages of a room keep their acceptance order. The uploader is scripted (no real
// server: ordering, cancel and resume logic only); the event goes to a scripted HTTP server.
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/attachment_uploader.h"
#include "rooms/local_echo_applier.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_encryptor.h"
#include "rooms/room_list.h"
#include "support/fault_http_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
const QString kRoom = QStringLiteral("!room:x");

// Uploads answered when the test says so (never from within upload(), as the interface promises).
class ScriptedUploader : public AttachmentUploader {
public:
    struct Call {
        quint64 id = 0;
        Request request;
        Progress progress;
        Done done;
        bool cancelled = false;
        bool finished = false;
    };
    QList<Call> calls;
    quint64 upload(const Request &request, Progress progress, Done done) override
    {
        Call call;
        call.id = quint64(calls.size()) + 100;
        call.request = request;
        call.progress = std::move(progress);
        call.done = std::move(done);
        calls.append(call);
        return call.id;
    }
    void cancel(quint64 id) override
    {
        for (Call &call : calls) {
            if (call.id == id)
                call.cancelled = true;
        }
    }
    int running() const
    {
        return int(std::count_if(calls.cbegin(), calls.cend(), [](const Call &c) { return !c.cancelled && !c.finished; }));
    }
    // Answers call `index` (progress to the end first) unless it was cancelled.
    void finish(int index, const QString &uri, const MatrixError &error = {})
    {
        Call &call = calls[index];
        QVERIFY(!call.finished);
        call.finished = true;
        if (call.cancelled)
            return;
        if (error.ok()) {
            call.progress(call.request.file.size / 2, call.request.file.size);
            call.progress(call.request.file.size, call.request.file.size);
        }
        call.done(error, uri);
    }
};

// Records everything; commits at once unless `manual`.
class RecordingJournal : public OutboxJournal {
public:
    bool manual = false;
    QList<OutboxEntry> inserted;
    QList<std::function<void(bool)>> waiting;
    QStringList removed;
    QStringList failedIds;
    QList<QStringList> uploads; // {txn, thumbnailUrl, fileUrl, "enc"/"clear"}
    void insert(const OutboxEntry &entry, std::function<void(bool)> done) override
    {
        inserted << entry;
        if (manual)
            waiting << std::move(done);
        else
            done(true);
    }
    void setFailed(const QString &txn, bool failed, const QString &) override
    {
        if (failed)
            failedIds << txn;
    }
    void remove(const QString &txn, std::function<void(bool)> done) override
    {
        removed << txn;
        if (done)
            done(true);
    }
    void recordUploads(const QString &txn, const QString &thumb, const QString &file, bool encrypted,
                       std::function<void(bool)> done) override
    {
        uploads << QStringList{txn, thumb, file, encrypted ? "enc" : "clear"};
        done(true);
    }
    QList<QPair<QString, QJsonObject>> resolved;
    void resolve(const QString &txn, const QJsonObject &content, std::function<void(bool)> done) override
    {
        resolved.append({txn, content});
        if (done)
            done(true);
    }
    void commitAll()
    {
        const auto callbacks = std::exchange(waiting, {});
        for (const auto &done : callbacks)
            done(true);
    }
};

class EchoEncryptor : public RoomEncryptor {
public:
    QList<QJsonObject> contents;
    void encrypt(const QString &, const QString &, const QJsonObject &content,
                 std::function<void(const Result &)> done) override
    {
        contents << content;
        Result result;
        result.ok = true;
        result.content = QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"},
                                     {"ciphertext", QString::number(contents.size())},
                                     {"session_id", "S"},
                                     {"sender_key", "K"}};
        done(result);
    }
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

OutgoingAttachment photo(bool withThumbnail = true)
{
    OutgoingAttachment a;
    a.msgtype = QStringLiteral("m.image");
    a.fileName = QStringLiteral("chantier.jpg");
    a.mimeType = QStringLiteral("image/jpeg");
    a.file = staged(QStringLiteral("staging/file1"), 10000, 'f');
    a.width = 1600;
    a.height = 1200;
    if (withThumbnail) {
        a.thumbnail = staged(QStringLiteral("staging/thumb1"), 1000, 't');
        a.thumbnailMimeType = QStringLiteral("image/jpeg");
        a.thumbnailWidth = 800;
        a.thumbnailHeight = 600;
    }
    return a;
}

void syncRoom(RoomList &rooms, bool encrypted, const QString &membership = QStringLiteral("join"))
{
    QJsonArray state{QJsonObject{{"type", "m.room.create"}, {"state_key", ""}, {"sender", "@bob:x"},
                                 {"event_id", "$c"}, {"content", QJsonObject{}}}};
    if (encrypted)
        state.append(QJsonObject{{"type", "m.room.encryption"}, {"state_key", ""}, {"sender", "@bob:x"},
                                 {"event_id", "$enc"}, {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
    const QJsonObject sync{
        {"next_batch", "1"},
        {"rooms", QJsonObject{{membership, QJsonObject{{kRoom, QJsonObject{{"state", QJsonObject{{"events", state}}}}}}}}}};
    const SyncParseResult parsed = parseSyncResponse(QJsonDocument(sync).toJson());
    QVERIFY(parsed.ok);
    rooms.applySync(parsed.delta);
}

QByteArray txnOf(const RecordedRequest &request)
{
    return request.path().mid(request.path().lastIndexOf('/') + 1);
}

QJsonObject bodyOf(const RecordedRequest &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

MatrixError matrixError(int status, const char *errcode)
{
    MatrixError e;
    e.kind = MatrixError::Kind::Matrix;
    e.httpStatus = status;
    e.errcode = QString::fromLatin1(errcode);
    return e;
}

// An outbox with a scripted uploader, journal and server, its echoes applied to the room's timeline.
struct Fixture {
    FaultHttpServer server;
    HttpClient http;
    RoomApi api{&http};
    RoomList rooms{kMe};
    ScriptedUploader uploader;
    RecordingJournal journal;
    QList<OutgoingAttachment> released; // what the staged-files hook was given
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<LocalEchoApplier> echoes;

    bool setUp(bool encrypted)
    {
        if (!server.listen())
            return false;
        server.setDefaultResponse(CannedResponse::json(200, {{"event_id", "$sent"}}));
        http.setHomeserver(server.url());
        syncRoom(rooms, encrypted);
        outbox = std::make_unique<Outbox>(&api, &rooms, kMe);
        echoes = std::make_unique<LocalEchoApplier>(outbox.get(), &rooms);
        outbox->setJournal(&journal);
        outbox->setUploader(&uploader);
        outbox->setRetryPolicy(RetryPolicy{0, 10, 20});
        outbox->setStagedFilesRemover([this](const OutgoingAttachment &a) { released << a; });
        return true;
    }
    const Timeline *timeline() const { return rooms.room(kRoom)->timeline(); }
    const TimelineItem &echo(const QString &txn) const { return timeline()->at(timeline()->rowOfTransaction(txn)); }
};

} // namespace

class TestOutboxAttachments : public QObject {
    Q_OBJECT
private slots:
    void plainRoom_thumbnailThenFileThenTheEventNamingThem()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        f.journal.manual = true;
        QSignalSpy updates(f.outbox.get(), &Outbox::updated);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const QString txn = f.outbox->sendAttachment(kRoom, photo());
        QVERIFY(!txn.isEmpty());
        // Echo at once, with what will be sent; nothing uploaded before the entry is committed.
        QCOMPARE(f.echo(txn).type, TimelineItem::Type::LocalEcho);
        QCOMPARE(f.echo(txn).event.content().value("msgtype").toString(), QStringLiteral("m.image"));
        QVERIFY(!f.echo(txn).event.content().contains("url"));
        QCOMPARE(f.echo(txn).transferTotalBytes, 11000);
        QCOMPARE(f.echo(txn).transferredBytes, 0);
        QTest::qWait(50);
        QCOMPARE(f.uploader.calls.size(), 0);
        QCOMPARE(f.journal.inserted.size(), 1);
        QVERIFY(f.journal.inserted.first().attachment);
        QCOMPARE(f.journal.inserted.first().attachment->file.fileName, QStringLiteral("staging/file1"));

        f.journal.commitAll();
        QCOMPARE(f.uploader.calls.size(), 1);
        const AttachmentUploader::Request thumb = f.uploader.calls.at(0).request;
        QCOMPARE(thumb.file.fileName, QStringLiteral("staging/thumb1"));
        QVERIFY(!thumb.asCiphertext);
        QCOMPARE(thumb.contentType, QStringLiteral("image/jpeg"));
        f.uploader.finish(0, QStringLiteral("mxc://x/thumb"));
        QCOMPARE(f.journal.uploads, (QList<QStringList>{{txn, "mxc://x/thumb", "", "clear"}}));
        QCOMPARE(f.uploader.calls.size(), 2);
        const AttachmentUploader::Request file = f.uploader.calls.at(1).request;
        QCOMPARE(file.file.fileName, QStringLiteral("staging/file1"));
        QVERIFY(!file.asCiphertext);
        QCOMPARE(file.contentType, QStringLiteral("image/jpeg"));
        QCOMPARE(file.fileName, QStringLiteral("chantier.jpg"));
        QCOMPARE(f.server.requestCount(), 0); // no event before the file arrived
        QCOMPARE(f.echo(txn).transferredBytes, 1000);
        f.uploader.calls[1].progress(4000, 10000);
        QCOMPARE(f.echo(txn).transferredBytes, 5000);
        f.uploader.finish(1, QStringLiteral("mxc://x/file"));
        QCOMPARE(f.journal.uploads.last(), (QStringList{txn, "mxc://x/thumb", "mxc://x/file", "clear"}));

        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(f.server.requestCount(), 1);
        const RecordedRequest put = f.server.requests().first();
        QVERIFY2(put.path().endsWith("/send/m.room.message/" + txn.toUtf8()), put.target.constData());
        const QJsonObject content = bodyOf(put);
        QCOMPARE(content.value("url").toString(), QStringLiteral("mxc://x/file"));
        QCOMPARE(content.value("info").toObject().value("thumbnail_url").toString(), QStringLiteral("mxc://x/thumb"));
        QCOMPARE(content.value("info").toObject().value("w").toInt(), 1600);
        QCOMPARE(f.echo(txn).sendState, SendState::Sent);
        // Before the sync echoes it, the echo already names the uploads (it can be opened and saved).
        QCOMPARE(f.echo(txn).event.content().value("url").toString(), QStringLiteral("mxc://x/file"));
        QCOMPARE(f.journal.removed, QStringList{txn});
        QCOMPARE(f.released.size(), 1);
        QCOMPARE(f.released.first().fileUrl, QStringLiteral("mxc://x/file"));

        // Progress only grows, ends at the total, and comes between Accepted and Sent.
        qint64 last = -1;
        QList<OutboxUpdate::Kind> kinds;
        for (const auto &args : updates) {
            const OutboxUpdate u = args.first().value<OutboxUpdate>();
            if (kinds.isEmpty() || kinds.last() != u.kind)
                kinds << u.kind;
            if (u.kind == OutboxUpdate::Kind::Progress) {
                QVERIFY(u.transferred >= last);
                QCOMPARE(u.total, 11000);
                last = u.transferred;
            }
        }
        QCOMPARE(last, 11000);
        QCOMPARE(kinds, (QList<OutboxUpdate::Kind>{OutboxUpdate::Kind::Queued, OutboxUpdate::Kind::Progress,
                                                   OutboxUpdate::Kind::Accepted, OutboxUpdate::Kind::Progress,
                                                   OutboxUpdate::Kind::Sent}));
    }

    void encryptedRoom_ciphertextUploadedAndTheContentEncrypted()
    {
        Fixture f;
        QVERIFY(f.setUp(true));
        EchoEncryptor encryptor;
        f.outbox->setEncryptor(&encryptor);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const OutgoingAttachment a = photo();
        const QString txn = f.outbox->sendAttachment(kRoom, a);
        QCOMPARE(f.uploader.calls.size(), 1);
        for (int i = 0; i < 2; ++i) {
            const AttachmentUploader::Request r = f.uploader.calls.at(i).request;
            QVERIFY(r.asCiphertext);
            QCOMPARE(r.contentType, QStringLiteral("application/octet-stream"));
            QVERIFY(r.fileName.isEmpty()); // the name is only in the encrypted event
            f.uploader.finish(i, i == 0 ? QStringLiteral("mxc://x/t") : QStringLiteral("mxc://x/f"));
        }
        QCOMPARE(f.journal.uploads.last(), (QStringList{txn, "mxc://x/t", "mxc://x/f", "enc"}));
        QTRY_COMPARE(sent.size(), 1);
        // The encryptor got the content with `file` and `thumbnail_file`; the server only ciphertext.
        QCOMPARE(encryptor.contents.size(), 1);
        const QJsonObject content = encryptor.contents.first();
        QVERIFY(!content.contains("url"));
        const auto file = EncryptedFileInfo::fromJson(content.value("file").toObject());
        QVERIFY(file.ok());
        QCOMPARE(file.value.url, QStringLiteral("mxc://x/f"));
        QCOMPARE(file.value.key, a.file.cipher.key);
        const auto thumb = EncryptedFileInfo::fromJson(content.value("info").toObject().value("thumbnail_file").toObject());
        QVERIFY(thumb.ok());
        QCOMPARE(thumb.value.url, QStringLiteral("mxc://x/t"));
        const RecordedRequest put = f.server.requests().first();
        QVERIFY2(put.path().endsWith("/send/m.room.encrypted/" + txn.toUtf8()), put.target.constData());
        QVERIFY(!put.body.contains("mxc://"));
        QVERIFY(!put.body.contains("chantier"));
        // The echo holds the content in the clear (what the sync will decrypt to), not the Megolm envelope.
        QCOMPARE(f.echo(txn).event.content(), content);
    }

    void encryptedRoomWithoutEncryptor_nothingUploaded()
    {
        Fixture f;
        QVERIFY(f.setUp(true));
        QSignalSpy failed(f.outbox.get(), &Outbox::failed);
        const QString txn = f.outbox->sendAttachment(kRoom, photo());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(2).value<MatrixError>().kind, MatrixError::Kind::Encryption);
        QCOMPARE(f.uploader.calls.size(), 0);
        QTest::qWait(50);
        QCOMPARE(f.server.requestCount(), 0);
        QCOMPARE(f.echo(txn).sendState, SendState::Failed);
        QVERIFY(f.released.isEmpty()); // kept for Retry
    }

    void invalidStagedFileRefused()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        OutgoingAttachment a = photo();
        a.file.cipher.key.clear();
        QVERIFY(f.outbox->sendAttachment(kRoom, a).isEmpty());
        a = photo();
        a.thumbnail.cipher.iv.chop(1);
        QVERIFY(f.outbox->sendAttachment(kRoom, a).isEmpty());
        QCOMPARE(f.outbox->pendingCount(), 0);
        QVERIFY(f.journal.inserted.isEmpty());
    }

    void restore_resumesAtTheFirstUnfinishedStep()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        auto entry = [](const QString &txn, const OutgoingAttachment &a) {
            OutboxEntry e;
            e.transactionId = txn;
            e.roomId = kRoom;
            e.eventType = QStringLiteral("m.room.message");
            e.content = QJsonObject{{"msgtype", "m.image"}, {"body", "chantier.jpg"}};
            e.acceptedAtMs = 1000;
            e.attachment = a;
            return e;
        };
        OutgoingAttachment thumbDone = photo();
        thumbDone.thumbnailUrl = QStringLiteral("mxc://x/t1");
        OutgoingAttachment allDone = photo();
        allDone.thumbnailUrl = QStringLiteral("mxc://x/t2");
        allDone.fileUrl = QStringLiteral("mxc://x/f2");
        f.outbox->restore({entry(QStringLiteral("stored1"), thumbDone), entry(QStringLiteral("stored2"), allDone)});
        // The first: only its file is uploaded (its thumbnail was recorded before the restart).
        QCOMPARE(f.uploader.calls.size(), 1);
        QCOMPARE(f.uploader.calls.at(0).request.file.fileName, QStringLiteral("staging/file1"));
        QCOMPARE(f.echo(QStringLiteral("stored1")).transferredBytes, 1000);
        f.uploader.finish(0, QStringLiteral("mxc://x/f1"));
        // The second: nothing to upload, its event goes out right after the first's.
        QTRY_COMPARE(sent.size(), 2);
        QCOMPARE(f.uploader.calls.size(), 1);
        QCOMPARE(txnOf(f.server.requests().at(0)), QByteArray("stored1"));
        QCOMPARE(txnOf(f.server.requests().at(1)), QByteArray("stored2"));
        QCOMPARE(bodyOf(f.server.requests().at(0)).value("info").toObject().value("thumbnail_url").toString(),
                 QStringLiteral("mxc://x/t1"));
        QCOMPARE(bodyOf(f.server.requests().at(1)).value("url").toString(), QStringLiteral("mxc://x/f2"));
        QVERIFY(f.journal.inserted.isEmpty());
    }

    void restore_plaintextUploadsRedoneWhenTheRoomIsNowEncrypted()
    {
        Fixture f;
        QVERIFY(f.setUp(true));
        EchoEncryptor encryptor;
        f.outbox->setEncryptor(&encryptor);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        OutboxEntry e;
        e.transactionId = QStringLiteral("stored");
        e.roomId = kRoom;
        e.eventType = QStringLiteral("m.room.message");
        e.attachment = photo();
        e.attachment->thumbnailUrl = QStringLiteral("mxc://x/plain-t");
        e.attachment->fileUrl = QStringLiteral("mxc://x/plain-f");
        e.attachment->uploadedEncrypted = false;
        f.outbox->restore({e});
        QCOMPARE(f.uploader.calls.size(), 1);
        QVERIFY(f.uploader.calls.at(0).request.asCiphertext);
        QCOMPARE(f.uploader.calls.at(0).request.file.fileName, QStringLiteral("staging/thumb1"));
        f.uploader.finish(0, QStringLiteral("mxc://x/t"));
        // Recorded with the stale plaintext file URL gone.
        QCOMPARE(f.journal.uploads.first(), (QStringList{"stored", "mxc://x/t", "", "enc"}));
        f.uploader.finish(1, QStringLiteral("mxc://x/f"));
        QTRY_COMPARE(sent.size(), 1);
        const QByteArray content = QJsonDocument(encryptor.contents.first()).toJson();
        QVERIFY(!content.contains("plain-"));
        QVERIFY(content.contains("mxc://x/f"));
    }

    void cancel_abortsTheUploadAndRemovesEverything()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        QSignalSpy cancelled(f.outbox.get(), &Outbox::cancelled);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const QString txn = f.outbox->sendAttachment(kRoom, photo(false));
        const QString next = f.outbox->sendText(kRoom, QStringLiteral("après la photo"));
        QCOMPARE(f.uploader.calls.size(), 1);
        QCOMPARE(f.uploader.calls.at(0).request.file.fileName, QStringLiteral("staging/file1"));
        QTest::qWait(50);
        QCOMPARE(f.server.requestCount(), 0); // the text waits for the photo before it

        QVERIFY(f.outbox->cancel(txn));
        QVERIFY(f.uploader.calls.at(0).cancelled);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(f.timeline()->rowOfTransaction(txn), -1);
        QCOMPARE(f.journal.removed, QStringList{txn});
        QCOMPARE(f.released.size(), 1);
        QCOMPARE(f.released.first().file.fileName, QStringLiteral("staging/file1"));
        QVERIFY(!f.outbox->cancel(txn)); // gone
        // The next message of the room goes on; a late answer of the aborted upload changes nothing.
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(sent.first().at(1).toString(), next);
        f.uploader.calls[0].cancelled = false;
        f.uploader.finish(0, QStringLiteral("mxc://x/late"));
        QTest::qWait(50);
        QCOMPARE(f.server.requestCount(), 1);
        QCOMPARE(f.outbox->pendingCount(), 0);
    }

    void cancel_refusedOnceTheEventIsOnItsWay()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        f.server.setDefaultResponse(CannedResponse::silence());
        const QString txn = f.outbox->sendAttachment(kRoom, photo(false));
        f.uploader.finish(0, QStringLiteral("mxc://x/f"));
        QVERIFY(f.server.waitForRequests(1));
        QVERIFY(!f.outbox->cancel(txn));
        QCOMPARE(f.outbox->pendingCount(), 1);
        QVERIFY(f.released.isEmpty());
    }

    void cancel_beforeTheCommit_nothingUploaded()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        f.journal.manual = true;
        const QString txn = f.outbox->sendAttachment(kRoom, photo());
        QVERIFY(f.outbox->cancel(txn));
        f.journal.commitAll();
        QTest::qWait(50);
        QCOMPARE(f.uploader.calls.size(), 0);
        QCOMPARE(f.outbox->pendingCount(), 0);
        QCOMPARE(f.journal.removed, QStringList{txn});
    }

    void permanentUploadError_failsThenRetryAndDiscard()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        QSignalSpy failed(f.outbox.get(), &Outbox::failed);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const QString txn = f.outbox->sendAttachment(kRoom, photo(false));
        f.uploader.finish(0, {}, matrixError(413, "M_TOO_LARGE"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(2).value<MatrixError>().errcode, QStringLiteral("M_TOO_LARGE"));
        QCOMPARE(f.journal.failedIds, QStringList{txn});
        QCOMPARE(f.echo(txn).sendState, SendState::Failed);
        QCOMPARE(f.echo(txn).sendError.errcode, QStringLiteral("M_TOO_LARGE"));
        QCOMPARE(f.uploader.calls.size(), 1); // not retried
        QVERIFY(f.released.isEmpty());

        // Retry: uploaded again, forbidden this time; then deleted: staged files released.
        f.outbox->retry(txn);
        QCOMPARE(f.echo(txn).sendState, SendState::Sending);
        QCOMPARE(f.uploader.calls.size(), 2);
        f.uploader.finish(1, {}, matrixError(403, "M_FORBIDDEN"));
        QCOMPARE(failed.size(), 2);
        f.outbox->discard(txn);
        QCOMPARE(f.timeline()->rowOfTransaction(txn), -1);
        QCOMPARE(f.released.size(), 1);
        QCOMPARE(f.journal.removed, QStringList{txn});
        QCOMPARE(sent.size(), 0);
        QCOMPARE(f.server.requestCount(), 0);
    }

    void transientUploadError_retriedWithTheSameEntry()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const QString txn = f.outbox->sendAttachment(kRoom, photo(false));
        f.uploader.finish(0, {}, MatrixError::network(QStringLiteral("down")));
        QTRY_COMPARE(f.uploader.calls.size(), 2);
        f.uploader.finish(1, {}, MatrixError::fromHttp(502, QByteArray()));
        QTRY_COMPARE(f.uploader.calls.size(), 3);
        QCOMPARE(f.echo(txn).sendState, SendState::Sending);
        f.uploader.finish(2, QStringLiteral("mxc://x/f"));
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(f.server.requestCount(), 1);
        QCOMPARE(txnOf(f.server.requests().first()), txn.toUtf8());
    }

    void uploadWithoutContentUri_fails()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        QSignalSpy failed(f.outbox.get(), &Outbox::failed);
        f.outbox->sendAttachment(kRoom, photo(false));
        f.uploader.finish(0, QStringLiteral("https://x/f"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(2).value<MatrixError>().kind, MatrixError::Kind::InvalidResponse);
        QTest::qWait(50);
        QCOMPARE(f.server.requestCount(), 0);
    }

    void noUploaderYet_waitsForOne()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        f.outbox->setUploader(nullptr);
        QSignalSpy failed(f.outbox.get(), &Outbox::failed);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const QString txn = f.outbox->sendAttachment(kRoom, photo(false));
        f.outbox->sendText(kRoom, QStringLiteral("après"));
        QTest::qWait(50);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(f.server.requestCount(), 0); // the text keeps its place behind the photo
        QCOMPARE(f.outbox->pendingAttachment(txn)->file.fileName, QStringLiteral("staging/file1"));
        f.outbox->setUploader(&f.uploader);
        QCOMPARE(f.uploader.calls.size(), 1);
        f.uploader.finish(0, QStringLiteral("mxc://x/f"));
        QTRY_COMPARE(sent.size(), 2);
        QCOMPARE(sent.first().at(1).toString(), txn);
        QVERIFY(!f.outbox->pendingAttachment(txn));
    }

    void textAcceptedBefore_goesFirst_andEachRoomKeepsItsOrder()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        f.server.enqueue(CannedResponse::matrixError(429, QStringLiteral("M_LIMIT_EXCEEDED"),
                                                     {{QStringLiteral("retry_after_ms"), 200}}));
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        const QString text = f.outbox->sendText(kRoom, QStringLiteral("voici la photo"));
        const QString photoTxn = f.outbox->sendAttachment(kRoom, photo(false));
        // The photo's upload waits for the text before it (rate-limited, retried).
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.uploader.calls.size(), 0);
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(sent.first().at(1).toString(), text);
        QTRY_COMPARE(f.uploader.calls.size(), 1);
        f.uploader.finish(0, QStringLiteral("mxc://x/f"));
        QTRY_COMPARE(sent.size(), 2);
        QCOMPARE(sent.at(1).at(1).toString(), photoTxn);
    }

    void roomLeftDuringTheUpload_uploadAbortedAndFailed()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        QSignalSpy failed(f.outbox.get(), &Outbox::failed);
        f.outbox->sendAttachment(kRoom, photo(false));
        QCOMPARE(f.uploader.running(), 1);
        syncRoom(f.rooms, false, QStringLiteral("leave"));
        QCOMPARE(f.uploader.running(), 0);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(2).value<MatrixError>().errcode, QStringLiteral("M_FORBIDDEN"));
    }

    void destroyedOutbox_cancelsItsUploads()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        f.outbox->sendAttachment(kRoom, photo(false));
        QCOMPARE(f.uploader.running(), 1);
        f.echoes.reset();
        f.outbox.reset();
        QCOMPARE(f.uploader.running(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOutboxAttachments)
#include "test_outbox_attachments.moc"
