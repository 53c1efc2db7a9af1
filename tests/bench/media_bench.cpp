// Media benchmark (a program, not a test): a large file sent to and fetched from an encrypted room on a real
// Synapse through the client's own media stack, next to curl moving the same bytes to and from the same
// endpoints in the same run; then the time to show a room's cached thumbnails. Run through scripts/bench-media,
// which starts a Synapse of its own (max_upload_size raised) and stops it afterwards.
//
//   send     a file of random bytes (200 MiB) through MediaSession::sendAttachments into an encrypted room:
//            staging (copied, encrypted at rest, fsynced, off the GUI thread), the upload of its ciphertext,
//            the Megolm-encrypted event; until the outbox says Sent.
//   fetch    the event as received by sync (decrypted), its EncryptedFileInfo to MediaDownloader: the ciphertext
//            streamed into the encrypted cache, SHA-256 checked while written; then read back through
//            CtrDecryptingDevice (off the GUI thread) and the plaintext's SHA-256 compared with the source's.
//   curl     POST /_matrix/media/v3/upload --data-binary @file, and GET /_matrix/client/v1/media/download of the
//            uploaded ciphertext -o /dev/null, with the same access token ("Expect:" off, as Qt sends none).
//   thumbs   N images (1600x1200 JPEG) sent to the room, so each event carries an encrypted 800x600 thumbnail;
//            then, as a room opening does it: for each, MediaDownloader::fetch (the cache) -> CtrDecryptingDevice
//            -> QImageReader scaled to fit 320x240, decoded in the thread pool (QtConcurrent), until all N
//            QImages are there. Measured from the network (their cache entries removed first) and from the
//            disk cache with nothing decoded in memory (cold in-memory, warm disk cache).
// For each transfer (transfer_meter.h): wall time, MiB/s, resident memory growth (VmRSS of /proc/self/status
// sampled every 50 ms on a thread of its own: max - before), the longest gap between ticks of a 5 ms timer on the
// GUI thread (and whether the GUI thread spent it working or waiting for a CPU), CPU time of the client's threads
// and of Synapse (transfer_report.h prints them). The room's Megolm session is made first by a text message, so a
// file is sent as in a room where people already talk.
//
//   estafette_media_bench [--size-mib N] [--runs N] [--thumbnails N] [--thumb-runs N] [--only big|thumbs]
// Needs ESTAFETTE_SYNAPSE_STATE (the harness's state folder) and curl.
#include "bench_stats.h"
#include "event_waiter.h"
#include "transfer_meter.h"
#include "transfer_report.h"

#include "events/event.h"
#include "events/media_content.h"
#include "media/ctr_decrypting_device.h"
#include "media/media_cache.h"
#include "media/media_downloader.h"
#include "media/media_fetch.h"
#include "media/mxc_uri.h"
#include "net/http_client.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "rooms/timeline.h"
#include "session/media_session.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/stored_session.h"
#include "support/synapse_fixture.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <sys/resource.h>

using namespace estafette;
using namespace estafette::bench::report;
using estafette::bench::EventWaiter;
using estafette::bench::Stats;
using estafette::bench::TransferCost;
using estafette::bench::TransferMeter;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr qint64 kChunk = 1024 * 1024;
// The issue names no figure for the thumbnails: 10 ms a picture on this 2-core machine, set here.
constexpr double kGoalThumbsMs = 500;
const QSize kThumbBox(320, 240); // what the timeline's image painter fits a picture into

[[noreturn]] void die(const QString &what)
{
    std::fprintf(stderr, "bench-media: %s\n", qPrintable(what));
    std::fflush(stderr);
    std::_Exit(1); // no destructors: a session half torn down has nothing more to say
}

// ---------------------------------------------------------------------------------------------------------------
// Files

// `size` pseudo-random bytes written in 1 MiB chunks; their SHA-256.
QByteArray writeRandomFile(const QString &path, qint64 size, quint32 seed)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        die(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    QRandomGenerator rng(seed);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray chunk(kChunk, Qt::Uninitialized);
    for (qint64 done = 0; done < size; done += chunk.size()) {
        chunk.resize(qMin(kChunk, size - done));
        rng.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        if (file.write(chunk) != chunk.size())
            die(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        hash.addData(chunk);
    }
    return hash.result();
}

// A photo-like picture: gradients, shapes and noise (so that its JPEG and thumbnail have a realistic size).
QImage makePicture(int index, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator rng(quint32(1000 + index));
    const int hue = (index * 37) % 360;
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const int noise = int(rng.bounded(24));
            const QColor c = QColor::fromHsv((hue + x * 60 / size.width()) % 360, 80 + y * 120 / size.height(),
                                             120 + noise + ((x / 80 + y / 80 + index) % 2) * 60);
            line[x] = c.rgb();
        }
    }
    return image;
}

// ---------------------------------------------------------------------------------------------------------------
// curl, the baseline

struct CurlResult {
    double seconds = 0; // curl's time_total: the transfer, once the file is in its memory
    qint64 bytes = 0;
    double cpu = 0;       // curl's user + system time
    double serverCpu = 0; // Synapse's, meanwhile
};

double childrenCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

CurlResult runCurl(const QStringList &args, qint64 serverPid)
{
    const double cpu0 = childrenCpuSeconds();
    const double server0 = bench::processCpuSeconds(serverPid);
    QProcess curl;
    curl.setProcessChannelMode(QProcess::SeparateChannels);
    curl.start(QStringLiteral("curl"),
               QStringList{QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                           QStringLiteral("-w"), QStringLiteral("%{http_code} %{time_total} %{size_upload} %{size_download}")}
                   + args);
    if (!curl.waitForStarted(10000))
        die(QStringLiteral("cannot run curl: %1").arg(curl.errorString()));
    curl.waitForFinished(-1);
    const QStringList out = QString::fromLatin1(curl.readAllStandardOutput()).split(QLatin1Char(' '));
    if (curl.exitCode() != 0 || out.size() != 4 || out[0] != QLatin1String("200"))
        die(QStringLiteral("curl failed (exit %1): %2 %3")
                .arg(curl.exitCode())
                .arg(out.join(QLatin1Char(' ')), QString::fromLocal8Bit(curl.readAllStandardError())));
    CurlResult r;
    r.cpu = childrenCpuSeconds() - cpu0;
    r.serverCpu = bench::processCpuSeconds(serverPid) - server0;
    r.seconds = out[1].toDouble();
    r.bytes = qMax(out[2].toLongLong(), out[3].toLongLong());
    return r;
}

// ---------------------------------------------------------------------------------------------------------------
// The client side

struct Account {
    test::TestServer server;
    qint64 serverPid = 0; // Synapse's, from the harness's state.json
    test::StoredAccount stored;
    std::unique_ptr<Session> session;
    QString roomId;
    Room *room = nullptr;
};

void setUp(Account &a)
{
    QString error;
    auto server = test::testServer(&error);
    if (!server)
        die(error);
    a.server = *server;
    QFile state(QDir(a.server.stateDir).filePath(QStringLiteral("state.json")));
    if (state.open(QIODevice::ReadOnly))
        a.serverPid = QJsonDocument::fromJson(state.readAll()).object().value(QStringLiteral("pid")).toInteger();
    auto user = test::registerUser(a.server, QStringLiteral("bench"), false, &error);
    if (!user)
        die(error);
    a.session = a.stored.signIn(a.server, *user, &error);
    if (!a.session)
        die(QStringLiteral("sign-in: %1").arg(error));
    Session *s = a.session.get();
    if (!s->media())
        die(QStringLiteral("the session has no media"));

    QObject context; // the slots below capture locals: they go with it
    bool created = false;
    QObject::connect(s->roomActions(), &RoomActions::succeeded, &context,
                     [&](RoomActions::Action action, const QString &roomId) {
                         if (action == RoomActions::Action::CreateRoom) {
                             a.roomId = roomId;
                             created = true;
                         }
                     });
    QObject::connect(s->roomActions(), &RoomActions::failed, &context,
                     [&](RoomActions::Action, const QString &, const MatrixError &e) { die(e.message); });
    s->roomActions()->createRoom(QStringLiteral("Banc d'essai des fichiers"), {}, {}, true);
    if (!QTest::qWaitFor([&] { return created; }, 30000))
        die(QStringLiteral("the room was not created"));
    if (!QTest::qWaitFor([&] {
            a.room = s->rooms()->room(a.roomId);
            return a.room && a.room->isEncrypted();
        }, 30000))
        die(QStringLiteral("the room did not arrive encrypted through sync"));
    // The limit raised by the harness's extra overrides must be known before a large file is staged.
    if (!QTest::qWaitFor([&] { return s->media()->uploadLimit() > 0; }, 10000))
        die(QStringLiteral("the server's upload limit is not known"));
    // A first message makes the room's Megolm session (members, keys query, room key): files are then sent as in
    // a room where people already talk, and the figures are those of the transfer, not of that one-time setup.
    bool warmed = false;
    QObject::connect(s->outbox(), &Outbox::sent, &context, [&](const QString &roomId, const QString &, const QString &) {
        warmed = warmed || roomId == a.roomId;
    });
    s->outbox()->sendText(a.roomId, QStringLiteral("Les fichiers du chantier suivent."));
    if (!QTest::qWaitFor([&] { return warmed; }, 30000))
        die(QStringLiteral("the first message was not sent"));
}

// The server's event (from sync, decrypted) of our message `eventId`.
MediaContent receivedMedia(Account &a, const QString &eventId)
{
    MediaContent content;
    const bool found = QTest::qWaitFor([&] {
        const Timeline *t = a.room->timeline();
        for (int i = t->size() - 1; i >= 0; --i) {
            const TimelineItem &item = t->at(i);
            if (item.type == TimelineItem::Type::Event && item.event.eventId() == eventId
                && item.event.type() == QLatin1String("m.room.message")) {
                content = MediaContent::fromEvent(item.event);
                return true;
            }
        }
        return false;
    }, 60000);
    if (!found)
        die(QStringLiteral("event %1 did not come back decrypted through sync").arg(eventId));
    if (!content.isValid() || !content.source().isEncrypted())
        die(QStringLiteral("event %1 is not an encrypted attachment: %2").arg(eventId, content.problemDetail()));
    return content;
}

struct SendResult {
    TransferCost cost;            // sendAttachments -> the last Sent
    double stagingSeconds = 0;    // sendAttachments -> the first accepted by the outbox
    double lastByteSeconds = 0;   // sendAttachments -> the last upload progress
    QStringList eventIds;         // in acceptance order
};

// Sends `sources` to the room as one batch; returns when the outbox has sent every one.
SendResult sendFiles(Account &a, const QList<AttachmentSource> &sources, int timeoutMs)
{
    Session *s = a.session.get();
    EventWaiter waiter;
    TransferMeter meter(a.serverPid);
    SendResult result;
    QStringList txns;
    QHash<QString, QString> sent; // txn -> event id
    QString error;
    QObject context;
    QObject::connect(s->media(), &MediaSession::attachmentAccepted, &context, [&](const QString &, const QString &txn) {
        txns.append(txn);
        if (txns.size() == 1)
            result.stagingSeconds = meter.elapsed();
    });
    QObject::connect(s->media(), &MediaSession::attachmentRefused, &context,
                     [&](const QString &, const QString &name, const QString &sentence) {
                         error = name + QStringLiteral(": ") + sentence;
                         waiter.wake();
                     });
    QObject::connect(s->outbox(), &Outbox::updated, &context, [&](const OutboxUpdate &u) {
        switch (u.kind) {
        case OutboxUpdate::Kind::Progress:
            result.lastByteSeconds = meter.elapsed();
            break;
        case OutboxUpdate::Kind::Sent:
            sent.insert(u.transactionId, u.eventId);
            waiter.wake();
            break;
        case OutboxUpdate::Kind::Failed:
            error = u.error.message;
            waiter.wake();
            break;
        default:
            break;
        }
    });
    meter.start();
    s->media()->sendAttachments(a.roomId, sources);
    const bool done = waiter.wait([&] { return !error.isEmpty() || sent.size() == sources.size(); }, timeoutMs);
    result.cost = meter.stop();
    if (!error.isEmpty())
        die(QStringLiteral("sending failed: %1").arg(error));
    if (!done)
        die(QStringLiteral("sending did not finish within %1 s").arg(timeoutMs / 1000));
    for (const QString &txn : std::as_const(txns))
        result.eventIds.append(sent.value(txn));
    return result;
}

struct FetchResult {
    TransferCost cost;
    double lastByteSeconds = 0; // the whole body received (then: written, fsynced, recorded)
    FetchedMedia media;
};

// Fetches one file through the account's downloader (the cache, or the network into it).
FetchResult fetchFile(Account &a, const MediaRequest &request, int timeoutMs)
{
    EventWaiter waiter;
    TransferMeter meter(a.serverPid);
    FetchResult result;
    bool finished = false;
    meter.start();
    MediaFetch *fetch = a.session->media()->downloader()->fetch(request);
    QObject::connect(fetch, &MediaFetch::progress, fetch, [&](qint64 received, qint64 total) {
        if (received == total)
            result.lastByteSeconds = meter.elapsed();
    });
    QObject::connect(fetch, &MediaFetch::finished, fetch, [&](const FetchedMedia &media) {
        result.media = media;
        finished = true;
        waiter.wake();
    });
    const bool done = waiter.wait([&] { return finished; }, timeoutMs);
    result.cost = meter.stop();
    if (!done)
        die(QStringLiteral("the download did not finish within %1 s").arg(timeoutMs / 1000));
    if (!result.media.ok())
        die(QStringLiteral("the download failed: %1 %2")
                .arg(QString::fromLatin1(MediaError::kindName(result.media.error.kind)), result.media.error.detail));
    return result;
}

// Waits for a future on the GUI thread's event loop (the loop keeps running, as in the app).
template <typename T>
T waitFuture(const QFuture<T> &future)
{
    EventWaiter waiter;
    QFutureWatcher<T> watcher;
    QObject::connect(&watcher, &QFutureWatcher<T>::finished, &watcher, [&] { waiter.wake(); });
    watcher.setFuture(future);
    waiter.wait([&] { return future.isFinished(); }, 600000);
    return future.result();
}

// A cached attachment read through CtrDecryptingDevice after its ciphertext is checked: true when its plaintext
// has the SHA-256 `plaintextSha256`. (Hashed with OpenSSL through AttachmentHashVerifier, as the client hashes:
// QCryptographicHash would be the slowest part of the read.)
bool readBack(const QString &path, const EncryptedFileInfo &cipher, const QByteArray &plaintextSha256)
{
    CtrDecryptingDevice device(path, cipher);
    if (!device.verifyCiphertext().ok() || !device.open(QIODevice::ReadOnly))
        return false;
    EncryptedFileInfo expected = cipher;
    expected.sha256 = plaintextSha256;
    AttachmentHashVerifier plaintextHash;
    if (!plaintextHash.init(expected).ok())
        return false;
    QByteArray chunk(kChunk, Qt::Uninitialized);
    for (;;) {
        const qint64 got = device.read(chunk.data(), chunk.size());
        if (got < 0)
            return false;
        if (got == 0)
            break;
        if (!plaintextHash.update(QByteArrayView(chunk.constData(), got)).ok())
            return false;
    }
    return device.pos() == device.size() && plaintextHash.finish().ok();
}

// A thumbnail as the timeline shows it: decrypted as read, decoded at the size it is painted.
QImage decodeThumbnail(const QString &path, const EncryptedFileInfo &cipher)
{
    CtrDecryptingDevice device(path, cipher);
    if (!device.open(QIODevice::ReadOnly))
        return {};
    QImageReader reader(&device);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && (size.width() > kThumbBox.width() || size.height() > kThumbBox.height()))
        reader.setScaledSize(size.scaled(kThumbBox, Qt::KeepAspectRatio));
    return reader.read();
}

struct ThumbsResult {
    TransferCost cost;
    int decoded = 0;
    int fromCache = 0;
};

// Every thumbnail fetched (cache or network) and decoded in the thread pool; until all are QImages.
ThumbsResult showThumbnails(Account &a, const QList<MediaRequest> &requests)
{
    EventWaiter waiter;
    TransferMeter meter(a.serverPid);
    ThumbsResult result;
    int finished = 0;
    QString error;
    MediaCache *cache = a.session->media()->cache();
    std::vector<std::unique_ptr<QFutureWatcher<QImage>>> watchers;
    watchers.reserve(std::size_t(requests.size()));
    QObject context;
    meter.start();
    for (const MediaRequest &request : requests) {
        MediaFetch *fetch = a.session->media()->downloader()->fetch(request);
        QObject::connect(fetch, &MediaFetch::finished, &context, [&](const FetchedMedia &media) {
            if (!media.ok()) {
                error = media.error.detail;
                waiter.wake();
                return;
            }
            if (media.fromCache)
                ++result.fromCache;
            watchers.push_back(std::make_unique<QFutureWatcher<QImage>>());
            QFutureWatcher<QImage> *watcher = watchers.back().get();
            QObject::connect(watcher, &QFutureWatcher<QImage>::finished, &context, [&, watcher] {
                ++finished;
                if (!watcher->result().isNull())
                    ++result.decoded;
                waiter.wake();
            });
            watcher->setFuture(QtConcurrent::run(decodeThumbnail, cache->absolutePath(media.entry.file.fileName),
                                                 media.entry.file.cipher));
        });
    }
    const bool done = waiter.wait([&] { return !error.isEmpty() || finished == requests.size(); }, 120000);
    result.cost = meter.stop();
    if (!error.isEmpty())
        die(QStringLiteral("a thumbnail fetch failed: %1").arg(error));
    if (!done)
        die(QStringLiteral("the thumbnails did not arrive within 120 s"));
    return result;
}

// ---------------------------------------------------------------------------------------------------------------

void benchLargeFile(Account &a, qint64 size, int runs)
{
    const double mib = double(size) / kMiB;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rapport-chantier.bin"));
    const QString token = a.session->http()->accessToken();
    const QString base = a.server.baseUrl.toString(QUrl::StripTrailingSlash);
    MediaCache *cache = a.session->media()->cache();
    Series send, fetch, read;
    Stats staging, transfer, lastByteUp, curlUp, curlUpCpu, curlUpServer;
    Stats lastByteDown, curlDown, curlDownCpu, curlDownServer;
    Stats ratioTotal, ratioTransfer, ratioDownload;
    for (int run = 0; run < runs; ++run) {
        std::fprintf(stderr, "bench-media: %.0f MiB, run %d of %d\n", mib, run + 1, runs);
        const QByteArray sha = writeRandomFile(path, size, quint32(42 + run));

        AttachmentSource source;
        source.path = path;
        const SendResult sent = sendFiles(a, {source}, 600000);
        send.add(sent.cost);
        staging.values.append(sent.stagingSeconds);
        transfer.values.append(sent.cost.seconds - sent.stagingSeconds);
        lastByteUp.values.append(sent.lastByteSeconds - sent.stagingSeconds);

        const CurlResult up = runCurl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + token,
                                       QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                                       QStringLiteral("-H"), QStringLiteral("Expect:"),
                                       QStringLiteral("--data-binary"), QLatin1Char('@') + path,
                                       base + QStringLiteral("/_matrix/media/v3/upload?filename=curl.bin")},
                                      a.serverPid);
        if (up.bytes != size)
            die(QStringLiteral("curl uploaded %1 bytes, not %2").arg(up.bytes).arg(size));
        curlUp.values.append(up.seconds);
        curlUpCpu.values.append(up.cpu);
        curlUpServer.values.append(up.serverCpu);
        ratioTotal.values.append(up.seconds / sent.cost.seconds);
        ratioTransfer.values.append(up.seconds / (sent.cost.seconds - sent.stagingSeconds));

        const MediaContent content = receivedMedia(a, sent.eventIds.value(0));
        MediaRequest request;
        request.mxcUri = content.source().url;
        request.encrypted = content.source().file;
        // The cache has no entry for it (uploads never fill it; a hit would say fromCache).
        const FetchResult fetched = fetchFile(a, request, 600000);
        if (fetched.media.fromCache)
            die(QStringLiteral("the file was in the cache already"));
        if (fetched.media.entry.file.size != size)
            die(QStringLiteral("downloaded %1 bytes, not %2").arg(fetched.media.entry.file.size).arg(size));
        fetch.add(fetched.cost);
        lastByteDown.values.append(fetched.lastByteSeconds);

        const MxcUri uri = MxcUri::parse(request.mxcUri);
        const CurlResult down = runCurl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + token,
                                         base + QStringLiteral("/_matrix/client/v1/media/download/%1/%2")
                                                    .arg(uri.serverName(), uri.mediaId())},
                                        a.serverPid);
        if (down.bytes != size)
            die(QStringLiteral("curl downloaded %1 bytes, not %2").arg(down.bytes).arg(size));
        curlDown.values.append(down.seconds);
        curlDownCpu.values.append(down.cpu);
        curlDownServer.values.append(down.serverCpu);
        ratioDownload.values.append(down.seconds / fetched.cost.seconds);

        TransferMeter meter(a.serverPid);
        meter.start();
        const bool same = waitFuture(QtConcurrent::run(readBack, cache->absolutePath(fetched.media.entry.file.fileName),
                                                       fetched.media.entry.file.cipher, sha));
        read.add(meter.stop());
        if (!same)
            die(QStringLiteral("the file read back through CtrDecryptingDevice differs from the one sent (SHA-256)"));
        // The next run starts from an empty cache again (and keeps the disk free).
        cache->remove(request.mxcUri, request.variant());
    }

    heading(QStringLiteral("Send %1 MiB of random bytes to the encrypted room (MediaSession::sendAttachments -> event sent), "
                           "%2 run(s), medians")
                .arg(mib, 0, 'f', 0).arg(runs));
    row("total: staging + upload + event", secondsAndRate(send.seconds, mib));
    row("  staging (copied encrypted at rest, fsynced; thread pool)", QStringLiteral("%1 s").arg(staging.median(), 0, 'f', 2) + spread(staging, 2));
    row("  upload + event (accepted by the outbox -> sent)", secondsAndRate(transfer, mib));
    row("    of which: to the last byte out", QStringLiteral("%1 s").arg(lastByteUp.median(), 0, 'f', 2));
    row("curl --data-binary @file POST /_matrix/media/v3/upload", secondsAndRate(curlUp, mib));
    row("  CPU: curl / Synapse", QStringLiteral("%1 s / %2 s").arg(curlUpCpu.median(), 0, 'f', 2).arg(curlUpServer.median(), 0, 'f', 2));
    ratioRow("throughput / curl's: upload + event", ratioTransfer);
    ratioRow("throughput / curl's: the whole send, staging included", ratioTotal);
    costRows(send);

    heading(QStringLiteral("Fetch it back (MediaDownloader with the event's EncryptedFileInfo: the ciphertext's SHA-256 "
                           "checked while written into the encrypted cache, fsynced)"));
    row("download into the cache", secondsAndRate(fetch.seconds, mib));
    row("  of which: to the last byte in", QStringLiteral("%1 s").arg(lastByteDown.median(), 0, 'f', 2));
    row("curl GET /_matrix/client/v1/media/download -o /dev/null", secondsAndRate(curlDown, mib));
    row("  CPU: curl / Synapse", QStringLiteral("%1 s / %2 s").arg(curlDownCpu.median(), 0, 'f', 2).arg(curlDownServer.median(), 0, 'f', 2));
    ratioRow("throughput / curl's", ratioDownload);
    costRows(fetch);
    row("read back: CtrDecryptingDevice (hash check, decrypt)", secondsAndRate(read.seconds, mib),
        QStringLiteral("same bytes"), "PASS");
    rssRow(read.rss);
    stallRow(read);
}

void benchThumbnails(Account &a, int count, int runs)
{
    std::fprintf(stderr, "bench-media: sending %d pictures\n", count);
    QTemporaryDir dir;
    QList<AttachmentSource> sources;
    for (int i = 0; i < count; ++i) {
        AttachmentSource source;
        source.path = dir.filePath(QStringLiteral("photo-%1.jpg").arg(i, 2, 10, QLatin1Char('0')));
        if (!makePicture(i, QSize(1600, 1200)).save(source.path, "JPEG", 85))
            die(QStringLiteral("cannot write %1").arg(source.path));
        sources.append(source);
    }
    const SendResult sent = sendFiles(a, sources, 600000);
    QList<MediaRequest> requests;
    qint64 thumbBytes = 0;
    for (const QString &eventId : sent.eventIds) {
        const MediaContent content = receivedMedia(a, eventId);
        if (!content.hasThumbnail() || !content.thumbnail().source.isEncrypted())
            die(QStringLiteral("event %1 has no encrypted thumbnail").arg(eventId));
        MediaRequest request;
        request.mxcUri = content.thumbnail().source.url;
        request.encrypted = content.thumbnail().source.file;
        requests.append(request);
        thumbBytes += qMax<qint64>(0, content.thumbnail().bytes);
    }

    MediaCache *cache = a.session->media()->cache();
    Series network, cached;
    for (int run = 0; run < runs; ++run) {
        // From the network: their entries removed first (until the cache finds none of them).
        for (const MediaRequest &r : std::as_const(requests))
            cache->remove(r.mxcUri, r.variant());
        int gone = 0;
        for (int round = 0; gone < count && round < 100; ++round) {
            gone = 0;
            int answered = 0;
            for (const MediaRequest &r : std::as_const(requests)) {
                cache->find(r.mxcUri, r.variant(), [&](const std::optional<MediaCacheEntry> &entry) {
                    ++answered;
                    gone += entry ? 0 : 1;
                });
            }
            if (!QTest::qWaitFor([&] { return answered == count; }, 10000))
                die(QStringLiteral("the media cache did not answer"));
        }
        if (gone < count)
            die(QStringLiteral("the thumbnails' cache entries were not removed"));
        const ThumbsResult cold = showThumbnails(a, requests);
        if (cold.decoded != count || cold.fromCache != 0)
            die(QStringLiteral("from the network: %1 decoded, %2 from the cache").arg(cold.decoded).arg(cold.fromCache));
        network.add(cold.cost);
        // The room opened again: the disk cache has them all, nothing decoded is kept in memory.
        const ThumbsResult warm = showThumbnails(a, requests);
        if (warm.decoded != count || warm.fromCache != count)
            die(QStringLiteral("cached: %1 decoded, %2 from the cache").arg(warm.decoded).arg(warm.fromCache));
        cached.add(warm.cost);
    }

    heading(QStringLiteral("%1 pictures sent in one batch (1600x1200 JPEG; staged, thumbnailed, uploaded, sent)")
                .arg(count));
    row("total", QStringLiteral("%1 s, %2 ms a picture").arg(sent.cost.seconds, 0, 'f', 2).arg(sent.cost.seconds * 1000 / count, 0, 'f', 0));
    row("resident memory growth", QStringLiteral("%1 MiB").arg(sent.cost.rssGrowthMiB, 0, 'f', 1));
    row("longest GUI event-loop stall",
        QStringLiteral("%1 ms").arg(sent.cost.stallMs, 0, 'f', 1)
            + stallParts(Stats{{sent.cost.stallRunMs}}, Stats{{sent.cost.stallWaitMs}}),
        QStringLiteral("<= %1 ms").arg(kGoalStallMs), verdict(sent.cost.stallMs <= kGoalStallMs));

    heading(QStringLiteral("%1 thumbnails when a room opens (encrypted, %2 KiB each on average; fetch -> "
                           "CtrDecryptingDevice -> QImageReader scaled to fit %3x%4 in the thread pool), %5 run(s), medians")
                .arg(count).arg(double(thumbBytes) / count / 1024, 0, 'f', 0)
                .arg(kThumbBox.width()).arg(kThumbBox.height()).arg(runs));
    row("from the network (empty cache)", millisecondsText(network.seconds));
    stallRow(network, "  longest GUI event-loop stall");
    row("cached: cold in memory, warm disk cache", millisecondsText(cached.seconds),
        QStringLiteral("<= %1 ms").arg(kGoalThumbsMs), verdict(cached.seconds.median() * 1000 <= kGoalThumbsMs));
    stallRow(cached, "  longest GUI event-loop stall");
    row("  CPU: client (its GUI thread)", QStringLiteral("%1 s (GUI %2 s)").arg(cached.cpu.median(), 0, 'f', 2).arg(cached.guiCpu.median(), 0, 'f', 2));
    row("  resident memory growth", QStringLiteral("%1 MiB").arg(cached.rss.median(), 0, 'f', 1));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // in step with the progress lines on stderr
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Estafette media benchmark (see scripts/bench-media)"));
    parser.addHelpOption();
    QCommandLineOption sizeOpt(QStringLiteral("size-mib"), QStringLiteral("Size of the large file (default 200)."),
                               QStringLiteral("N"), QStringLiteral("200"));
    QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs of the large file (default 1)."),
                               QStringLiteral("N"), QStringLiteral("1"));
    QCommandLineOption thumbsOpt(QStringLiteral("thumbnails"), QStringLiteral("Pictures in the room (default 50)."),
                                 QStringLiteral("N"), QStringLiteral("50"));
    QCommandLineOption thumbRunsOpt(QStringLiteral("thumb-runs"), QStringLiteral("Runs of the thumbnails (default 5)."),
                                    QStringLiteral("N"), QStringLiteral("5"));
    QCommandLineOption onlyOpt(QStringLiteral("only"), QStringLiteral("big or thumbs."), QStringLiteral("PART"));
    QCommandLineOption verboseOpt(QStringLiteral("verbose"), QStringLiteral("Keep the client's info logs."));
    parser.addOptions({sizeOpt, runsOpt, thumbsOpt, thumbRunsOpt, onlyOpt, verboseOpt});
    parser.process(app);
    const qint64 size = parser.value(sizeOpt).toLongLong() * 1024 * 1024;
    const int runs = parser.value(runsOpt).toInt();
    const int thumbs = parser.value(thumbsOpt).toInt();
    const int thumbRuns = parser.value(thumbRunsOpt).toInt();
    const QString only = parser.value(onlyOpt);
    if (size <= 0 || runs <= 0 || thumbs <= 0 || thumbRuns <= 0
        || (!only.isEmpty() && only != QLatin1String("big") && only != QLatin1String("thumbs")))
        parser.showHelp(2);
    if (!parser.isSet(verboseOpt))
        QLoggingCategory::setFilterRules(QStringLiteral("estafette.*.info=false\nestafette.*.debug=false"));

    Account account;
    setUp(account);
    std::printf("bench-media: Synapse at %s (pid %lld), upload limit %.0f MiB, encrypted room %s, thread pool of %d\n",
                qPrintable(account.server.baseUrl.toString()), account.serverPid,
                double(account.session->media()->uploadLimit()) / kMiB, qPrintable(account.roomId),
                QThreadPool::globalInstance()->maxThreadCount());
    if (only.isEmpty() || only == QLatin1String("big")) {
        if (account.session->media()->uploadLimit() < size)
            die(QStringLiteral("the server accepts at most %1 bytes (max_upload_size in the harness's extra overrides)")
                    .arg(account.session->media()->uploadLimit()));
        benchLargeFile(account, size, runs);
    }
    if (only.isEmpty() || only == QLatin1String("thumbs"))
        benchThumbnails(account, thumbs, thumbRuns);
    std::fflush(stdout);
    account.session.reset();
    return 0;
}
