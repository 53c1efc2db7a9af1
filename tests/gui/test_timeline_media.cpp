// The timeline's rows, offscreen and without a server: every kind of row paints (text, state change, gap,
// undecryptable, local echo, failed) with the heights it had before the painters were split out; media rows
// (image, video, sound, file, problem) take the announced size before their picture arrives and keep it when it
// does, only that row is repainted, a picture that fails makes a problem card; every part that does something
// is hit where it is painted (open, play, save, open, cancel), Enter does the main action and Delete cancels our
// own upload; upload progress fills its bar; download progress replaces a card's buttons by Cancel.
#include "events/event_encryption.h"
#include "models/download_progress_source.h"
#include "models/thumbnail_source.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "timeline/file_card_painter.h"
#include "timeline/media_box.h"
#include "timeline/text_layout_cache.h"
#include "timeline/timeline_row.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_view.h"
#include "timeline_points.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPaintEvent>
#include <QPainter>
#include <QTimer>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

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

// Pictures kept in memory, delivered when the test says so.
class MemoryThumbnails : public ThumbnailSource {
public:
    QHash<QString, Result> results;
    QList<ThumbnailRequest> requests;

    Result thumbnail(const QString &key) const override { return results.value(key); }
    void request(const ThumbnailRequest &request) override
    {
        if (results.value(request.key).state != State::Unknown)
            return;
        requests << request;
        results[request.key].state = State::Pending;
    }
    void deliver(const QString &key, const QImage &image)
    {
        results[key] = {State::Ready, image, {}};
        emit imageReady(key);
    }
    void fail(const QString &key, const QString &problem)
    {
        results[key] = {State::Failed, {}, problem};
        emit imageFailed(key);
    }
    std::optional<ThumbnailRequest> requestFor(const QString &url) const
    {
        for (const ThumbnailRequest &request : requests) {
            if (request.source.url == url)
                return request;
        }
        return std::nullopt;
    }
};

class MemoryDownloads : public DownloadProgressSource {
public:
    QHash<QString, TransferProgress> running;
    std::optional<TransferProgress> progress(const QString &key) const override
    {
        if (!running.contains(key))
            return std::nullopt;
        return running.value(key);
    }
    void set(const QString &key, std::optional<TransferProgress> progress)
    {
        if (progress)
            running.insert(key, *progress);
        else
            running.remove(key);
        emit progressChanged(key);
    }
};

Event message(const QString &id, const QString &sender, qint64 ts, const QJsonObject &content)
{
    return roomEvent(id, sender, ts, QStringLiteral("m.room.message"), content);
}

const QString kImageUrl = QStringLiteral("mxc://x/image");
const QString kThumbUrl = QStringLiteral("mxc://x/thumb");
const QString kBareImageUrl = QStringLiteral("mxc://x/bare");
const QString kVideoUrl = QStringLiteral("mxc://x/video");
const QString kPosterUrl = QStringLiteral("mxc://x/poster");
const QString kAudioUrl = QStringLiteral("mxc://x/audio");
const QString kFileUrl = QStringLiteral("mxc://x/file");

enum Row { ImageRow, BareImageRow, VideoRow, AudioRow, FileRow, BadRow, DisguisedRow, RowCount };

// One row of each media kind, from different senders (each has its header), a few minutes apart.
void fillWithMedia(Room &room)
{
    RoomDelta delta;
    delta.roomId = room.id();
    delta.timeline = {
        message(QStringLiteral("$img"), QStringLiteral("@bob:x"), at(0, 0),
                QJsonObject{{"msgtype", "m.image"}, {"body", "site.jpg"}, {"url", kImageUrl},
                            {"info", QJsonObject{{"mimetype", "image/jpeg"}, {"w", 4000}, {"h", 3000}, {"size", 2500000},
                                                 {"thumbnail_url", kThumbUrl},
                                                 {"thumbnail_info", QJsonObject{{"w", 800}, {"h", 600}}}}}}),
        message(QStringLiteral("$bare"), QStringLiteral("@carol:x"), at(0, 10),
                QJsonObject{{"msgtype", "m.image"}, {"body", "tall.png"}, {"url", kBareImageUrl},
                            {"info", QJsonObject{{"mimetype", "image/png"}, {"w", 300}, {"h", 600}}}}),
        message(QStringLiteral("$vid"), QStringLiteral("@bob:x"), at(0, 20),
                QJsonObject{{"msgtype", "m.video"}, {"body", "visit.mp4"}, {"url", kVideoUrl},
                            {"info", QJsonObject{{"mimetype", "video/mp4"}, {"w", 1280}, {"h", 720}, {"duration", 65000},
                                                 {"thumbnail_url", kPosterUrl}}}}),
        message(QStringLiteral("$aud"), QStringLiteral("@carol:x"), at(0, 30),
                QJsonObject{{"msgtype", "m.audio"}, {"body", "memo.ogg"}, {"url", kAudioUrl},
                            {"info", QJsonObject{{"mimetype", "audio/ogg"}, {"duration", 12000}, {"size", 48000}}}}),
        message(QStringLiteral("$pdf"), QStringLiteral("@bob:x"), at(0, 40),
                QJsonObject{{"msgtype", "m.file"}, {"body", "The contract, signed"}, {"filename", "contract.pdf"},
                            {"url", kFileUrl}, {"info", QJsonObject{{"mimetype", "application/pdf"}, {"size", 1234567}}}}),
        message(QStringLiteral("$bad"), QStringLiteral("@carol:x"), at(0, 50),
                QJsonObject{{"msgtype", "m.image"}, {"body", "x.png"}, {"url", "https://evil.example/x.png"}}),
        message(QStringLiteral("$exe"), QStringLiteral("@bob:x"), at(0, 60),
                QJsonObject{{"msgtype", "m.file"}, {"body", "invoice.pdf.exe"}, {"url", "mxc://x/exe"},
                            {"info", QJsonObject{{"mimetype", "application/pdf"}}}}),
    };
    room.applyDelta(delta);
}

int heightOf(TimelineView &view, int row)
{
    const QModelIndex index = view.model()->index(row, 0);
    return view.timelineDelegate()->sizeHint(optionFor(view, index), index).height();
}

QImage render(TimelineView &view)
{
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    view.viewport()->render(&image);
    return image;
}

// Records the regions the viewport paints.
class PaintRecorder : public QObject {
public:
    QList<QRegion> regions;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            regions << static_cast<QPaintEvent *>(event)->region();
        return false;
    }
};

void showMedia(Room &room, TimelineView &view, int height = 1500)
{
    fillWithMedia(room);
    view.resize(560, height);
    view.setRoom(&room);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
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

    void boxesOfTheAnnouncedSize()
    {
        const QSize fallback(320, 240);
        QCOMPARE(MediaBox::fit(QSize(4000, 3000), 500, fallback), QSize(320, 240));
        QCOMPARE(MediaBox::fit(QSize(3000, 4000), 500, fallback), QSize(180, 240));
        QCOMPARE(MediaBox::fit(QSize(100, 60), 500, fallback), QSize(100, 60));   // never enlarged
        QCOMPARE(MediaBox::fit(QSize(4000, 3000), 200, fallback), QSize(200, 150)); // a narrow view
        QCOMPARE(MediaBox::fit(QSize(10000, 10), 500, fallback), QSize(320, 48));  // never thinner than 48
        QCOMPARE(MediaBox::fit(QSize(), 500, fallback), fallback);                 // not announced
        QCOMPARE(MediaBox::fit(QSize(0, 0), 500, fallback), fallback);
        QCOMPARE(MediaBox::centred(QSize(800, 600), QRect(0, 0, 200, 300)), QRect(0, 75, 200, 150));
    }

    void picturesArriveWithoutMovingAnything()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        MemoryThumbnails thumbnails;
        TimelineView view;
        view.setThumbnailSource(&thumbnails);
        showMedia(room, view);
        QCOMPARE(view.model()->rowCount(), int(RowCount));
        using K = TimelineModel::ItemKind;
        const auto kindAt = [&](int row) { return view.model()->index(row, 0).data(TimelineModel::ItemKindRole).value<K>(); };
        QCOMPARE(kindAt(ImageRow), K::Image);
        QCOMPARE(kindAt(VideoRow), K::Video);
        QCOMPARE(kindAt(AudioRow), K::Audio);
        QCOMPARE(kindAt(FileRow), K::File);
        QCOMPARE(kindAt(BadRow), K::File);

        // Painting asked for the pictures it showed: the announced thumbnail, the image itself when it has none,
        // the poster; never anything for a malformed row, or for sounds and files.
        QTRY_VERIFY(thumbnails.requestFor(kThumbUrl).has_value());
        const ThumbnailRequest image = *thumbnails.requestFor(kThumbUrl);
        QVERIFY(!image.fromFile);
        QCOMPARE(image.size, QSize(320, 240) * view.devicePixelRatioF());
        const auto bare = thumbnails.requestFor(kBareImageUrl);
        QVERIFY(bare && bare->fromFile);
        QCOMPARE(bare->size, QSize(120, 240));
        QVERIFY(thumbnails.requestFor(kPosterUrl).has_value());
        QCOMPARE(thumbnails.requests.size(), 3);

        const QList<int> before = rowHeights(view);
        const QRect imageRow = view.visualRect(view.model()->index(ImageRow, 0));
        const QImage placeholder = render(view);
        PaintRecorder recorder;
        view.viewport()->installEventFilter(&recorder);
        QImage red(image.size, QImage::Format_RGB32);
        red.fill(Qt::red);
        thumbnails.deliver(image.key, red);
        QTRY_VERIFY(!recorder.regions.isEmpty());
        view.viewport()->removeEventFilter(&recorder);
        // Only that row was painted again, and no row moved.
        for (const QRegion &region : std::as_const(recorder.regions))
            QVERIFY2(imageRow.contains(region.boundingRect()), qPrintable(QStringLiteral("painted %1,%2 %3x%4")
                                                                             .arg(region.boundingRect().x())
                                                                             .arg(region.boundingRect().y())
                                                                             .arg(region.boundingRect().width())
                                                                             .arg(region.boundingRect().height())));
        QCOMPARE(rowHeights(view), before);
        QCOMPARE(view.visualRect(view.model()->index(ImageRow, 0)), imageRow);
        const QImage shown = render(view);
        const QPoint boxCentre = pointFor(view, ImageRow, TimelineAction::OpenImage);
        QVERIFY(!boxCentre.isNull());
        QCOMPARE(QColor(shown.pixel(boxCentre)), QColor(Qt::red));
        QVERIFY(QColor(placeholder.pixel(boxCentre)) != QColor(Qt::red));
        QCOMPARE(thumbnails.requests.size(), 3); // a picture is asked for once
        saveGrab(shown, "media");
    }

    void aPictureThatFailsIsAProblemCard()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        MemoryThumbnails thumbnails;
        TimelineView view;
        view.setThumbnailSource(&thumbnails);
        showMedia(room, view);
        QTRY_VERIFY(thumbnails.requestFor(kThumbUrl).has_value());
        QVERIFY(!pointFor(view, ImageRow, TimelineAction::OpenImage).isNull());
        const int before = heightOf(view, ImageRow);
        QSignalSpy remeasured(view.timelineDelegate(), &QAbstractItemDelegate::sizeHintChanged);
        thumbnails.fail(thumbnails.requestFor(kThumbUrl)->key, QStringLiteral("The file was altered."));
        QCOMPARE(remeasured.size(), 1);
        QCOMPARE(remeasured.first().first().value<QModelIndex>().row(), int(ImageRow));
        QVERIFY(heightOf(view, ImageRow) < before); // a card, not the picture's box
        QVERIFY(pointFor(view, ImageRow, TimelineAction::OpenImage).isNull());
        QCOMPARE(view.timelineDelegate()->defaultAction(view.model()->index(ImageRow, 0)), TimelineAction::None);
        QTRY_COMPARE(view.visualRect(view.model()->index(BareImageRow, 0)).top(),
                     view.visualRect(view.model()->index(ImageRow, 0)).bottom() + 1);
        saveGrab(render(view), "media-failed");
    }

    void everyPartIsHitWhereItIsPainted()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        TimelineView view;
        showMedia(room, view);
        QSignalSpy opened(&view, &TimelineView::imageOpenRequested);
        QSignalSpy played(&view, &TimelineView::playRequested);
        QSignalSpy saved(&view, &TimelineView::saveRequested);
        QSignalSpy openedFile(&view, &TimelineView::openRequested);

        const auto click = [&](int row, TimelineAction action) {
            const QPoint point = pointFor(view, row, action);
            QVERIFY2(!point.isNull(), qPrintable(QStringLiteral("row %1 action %2").arg(row).arg(int(action))));
            QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, point);
        };
        click(ImageRow, TimelineAction::OpenImage);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().at(0).toString(), QStringLiteral("$img"));
        QCOMPARE(opened.first().at(1).value<MediaContent>().source().url, kImageUrl);
        click(VideoRow, TimelineAction::Play);
        click(AudioRow, TimelineAction::Play);
        QCOMPARE(played.size(), 2);
        QCOMPARE(played.at(0).at(0).toString(), QStringLiteral("$vid"));
        QCOMPARE(played.at(1).at(0).toString(), QStringLiteral("$aud"));
        click(AudioRow, TimelineAction::Save);
        click(FileRow, TimelineAction::Save);
        QCOMPARE(saved.size(), 2);
        QCOMPARE(saved.at(1).at(1).value<MediaContent>().fileName(), QStringLiteral("contract.pdf"));
        click(FileRow, TimelineAction::Open);
        QCOMPARE(openedFile.size(), 1);
        QCOMPARE(openedFile.first().at(0).toString(), QStringLiteral("$pdf"));
        // A sound has no Open; the file's buttons are on the card's right, Open after Save.
        QVERIFY(pointFor(view, AudioRow, TimelineAction::Open).isNull());
        QVERIFY(pointFor(view, FileRow, TimelineAction::Open).x() > pointFor(view, FileRow, TimelineAction::Save).x());
        // Malformed and disguised content does nothing, anywhere.
        for (int row : {int(BadRow), int(DisguisedRow)}) {
            for (TimelineAction action : {TimelineAction::OpenImage, TimelineAction::Play, TimelineAction::Save,
                                          TimelineAction::Open})
                QVERIFY(pointFor(view, row, action).isNull());
        }
        // A click beside a card or a picture does nothing either.
        const QRect fileRect = view.visualRect(view.model()->index(FileRow, 0));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(fileRect.right() - 40, fileRect.center().y()));
        QCOMPARE(saved.size(), 2);
        QCOMPARE(openedFile.size(), 1);

        // Enter does the row's main action.
        view.setFocus();
        const auto enterOn = [&](int row) {
            view.setCurrentIndex(view.model()->index(row, 0));
            QTest::keyClick(&view, Qt::Key_Return);
        };
        enterOn(ImageRow);
        QCOMPARE(opened.size(), 2);
        enterOn(VideoRow);
        QCOMPARE(played.size(), 3);
        enterOn(FileRow);
        QCOMPARE(saved.size(), 3);
        enterOn(BadRow);
        enterOn(DisguisedRow);
        QCOMPARE(opened.size() + played.size() + saved.size() + openedFile.size(), 2 + 3 + 3 + 1);
    }

    // Everything a media row's parts do is in its context menu too, for the keyboard.
    void contextMenuOffersWhatThePartsDo()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        TimelineView view;
        showMedia(room, view);
        QSignalSpy opened(&view, &TimelineView::openRequested);
        QSignalSpy saved(&view, &TimelineView::saveRequested);
        QStringList offered;
        const auto pickFromMenu = [&](int row, const char *actionName) {
            offered.clear();
            QTimer::singleShot(0, [&, actionName] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                if (!menu)
                    return;
                for (QAction *action : menu->actions()) {
                    if (!action->isSeparator())
                        offered << action->objectName();
                }
                QAction *wanted = menu->findChild<QAction *>(QLatin1String(actionName));
                if (wanted)
                    menu->setActiveAction(wanted);
                else
                    menu->close();
                QTest::keyClick(menu, Qt::Key_Return);
            });
            view.setCurrentIndex(view.model()->index(row, 0));
            QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(10, 10), view.mapToGlobal(QPoint(10, 10)));
            QApplication::sendEvent(&view, &event);
        };
        pickFromMenu(FileRow, "openFileAction");
        QCOMPARE(offered, (QStringList{"saveMediaAction", "openFileAction", "copyTextAction", "senderDevicesAction"}));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().toString(), QStringLiteral("$pdf"));
        pickFromMenu(ImageRow, "saveMediaAction");
        QCOMPARE(offered, (QStringList{"openImageAction", "saveMediaAction", "copyTextAction", "senderDevicesAction"}));
        QCOMPARE(saved.size(), 1);
        pickFromMenu(DisguisedRow, "none");
        QCOMPARE(offered, (QStringList{"copyTextAction", "senderDevicesAction"}));
    }

    void ourUploadShowsProgressAndCancels()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        MemoryThumbnails thumbnails;
        TimelineView view;
        view.setThumbnailSource(&thumbnails);
        const auto echo = [&](const QString &txn, const QJsonObject &content) {
            room.timeline()->addLocalEcho(txn, Event(QJsonObject{{"type", "m.room.message"}, {"sender", kMe},
                                                                 {"origin_server_ts", at(0, 0)}, {"content", content}}));
        };
        echo(QStringLiteral("t-img"), QJsonObject{{"msgtype", "m.image"}, {"body", "board.png"},
                                                  {"info", QJsonObject{{"mimetype", "image/png"}, {"w", 1600}, {"h", 1200}}}});
        echo(QStringLiteral("t-pdf"), QJsonObject{{"msgtype", "m.file"}, {"body", "minutes.pdf"},
                                                  {"info", QJsonObject{{"mimetype", "application/pdf"}, {"size", 90000}}}});
        view.resize(560, 700);
        view.setRoom(&room);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.model()->index(0, 0).data(TimelineModel::ItemKindRole).value<TimelineModel::ItemKind>(),
                 TimelineModel::ItemKind::Image);
        // Its picture is the staged thumbnail, asked for by transaction.
        QTRY_COMPARE(thumbnails.requests.size(), 1);
        QCOMPARE(thumbnails.requests.first().transactionId, QStringLiteral("t-img"));
        QVERIFY(thumbnails.requests.first().source.isEmpty());

        // While it uploads it can only be cancelled: no viewer, no Save.
        QVERIFY(pointFor(view, 0, TimelineAction::OpenImage).isNull());
        QVERIFY(pointFor(view, 1, TimelineAction::Save).isNull());
        QVERIFY(pointFor(view, 1, TimelineAction::Open).isNull());
        QSignalSpy cancelled(&view, &TimelineView::uploadCancelRequested);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, pointFor(view, 0, TimelineAction::CancelUpload));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, pointFor(view, 1, TimelineAction::CancelUpload));
        QCOMPARE(cancelled.size(), 2);
        QCOMPARE(cancelled.at(0).first().toString(), QStringLiteral("t-img"));
        QCOMPARE(cancelled.at(1).first().toString(), QStringLiteral("t-pdf"));
        view.setFocus();
        view.setCurrentIndex(view.model()->index(1, 0));
        QTest::keyClick(&view, Qt::Key_Return); // nothing to open yet
        QTest::keyClick(&view, Qt::Key_Delete);
        QCOMPARE(cancelled.size(), 3);
        QCOMPARE(cancelled.last().first().toString(), QStringLiteral("t-pdf"));
        saveGrab(render(view), "media-uploading");

        // Sent: the same rows, the actions back, the cancel gone.
        const int imageHeight = heightOf(view, 0);
        room.timeline()->markSent(QStringLiteral("t-img"), QStringLiteral("$sent"));
        room.timeline()->setSendState(QStringLiteral("t-img"), SendState::Sent);
        QVERIFY(pointFor(view, 0, TimelineAction::CancelUpload).isNull());
        QCOMPARE(heightOf(view, 0), imageHeight);
    }

    // The bar fills with the bytes sent (the model gives 0 of 0 until TimelineItem carries them: set here).
    void uploadProgressFillsTheBar()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        room.timeline()->addLocalEcho(
            QStringLiteral("t"), Event(QJsonObject{{"type", "m.room.message"}, {"sender", kMe}, {"origin_server_ts", at(0, 0)},
                                                   {"content", QJsonObject{{"msgtype", "m.file"}, {"body", "big.zip"}}}}));
        TimelineModel model;
        model.setRoom(&room);
        const QModelIndex index = model.index(0, 0);
        QCOMPARE(index.data(TimelineModel::UploadProgressRole).value<TransferProgress>(), TransferProgress{});
        const TimelineFonts fonts = TimelineFonts::from(QApplication::font());
        TextLayoutCache layouts;
        TimelineRow row = TimelineRow::make(index, fonts, QApplication::palette(), 400, &layouts);
        QVERIFY(row.uploading);
        const FileCardPainter painter;
        const QRect body(0, 0, 400, painter.bodyHeight(row));
        const auto filled = [&](TransferProgress progress) {
            row.upload = progress;
            QImage image(body.size(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::white);
            QPainter p(&image);
            painter.paintBody(&p, row, body);
            p.end();
            // Pixels of the highlight colour on the bar's line: how far it is filled.
            const QColor fill = QApplication::palette().color(QPalette::Highlight);
            int most = 0;
            for (int y = 0; y < image.height(); ++y) {
                int count = 0;
                for (int x = 0; x < image.width(); ++x)
                    count += QColor(image.pixel(x, y)) == fill;
                most = std::max(most, count);
            }
            return most;
        };
        const int none = filled({0, 0});
        const int half = filled({50, 100});
        const int all = filled({100, 100});
        QVERIFY2(none < 6 && half > 40 && all > half * 1.6, qPrintable(QStringLiteral("%1 %2 %3").arg(none).arg(half).arg(all)));
    }

    void downloadProgressOnCards()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        MemoryDownloads downloads;
        TimelineView view;
        view.setDownloadProgressSource(&downloads);
        showMedia(room, view);
        QVERIFY(pointFor(view, FileRow, TimelineAction::CancelDownload).isNull());
        const int before = heightOf(view, FileRow);
        PaintRecorder recorder;
        view.viewport()->installEventFilter(&recorder);
        downloads.set(kFileUrl, TransferProgress{400000, 1234567});
        QTRY_VERIFY(!recorder.regions.isEmpty());
        view.viewport()->removeEventFilter(&recorder);
        const QRect fileRow = view.visualRect(view.model()->index(FileRow, 0));
        for (const QRegion &region : std::as_const(recorder.regions))
            QVERIFY(fileRow.contains(region.boundingRect()));
        QCOMPARE(heightOf(view, FileRow), before);
        QVERIFY(pointFor(view, FileRow, TimelineAction::Save).isNull());
        QSignalSpy cancelled(&view, &TimelineView::downloadCancelRequested);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, pointFor(view, FileRow, TimelineAction::CancelDownload));
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(cancelled.first().first().toString(), kFileUrl);
        // An image being saved shows it over the picture, with its own cancel.
        downloads.set(kImageUrl, TransferProgress{0, 0});
        QVERIFY(!pointFor(view, ImageRow, TimelineAction::CancelDownload).isNull());
        saveGrab(render(view), "media-downloading");
        downloads.set(kFileUrl, std::nullopt);
        QVERIFY(!pointFor(view, FileRow, TimelineAction::Save).isNull());
    }

    void narrowViewsShrinkPicturesNotRows()
    {
        Room room(QStringLiteral("!m:x"), kMe);
        TimelineView view;
        showMedia(room, view);
        const int wide = heightOf(view, ImageRow);
        const int fileWide = heightOf(view, FileRow);
        view.resize(220, 1500);
        // The view lays its rows out again a moment after a resize.
        QTRY_COMPARE(view.visualRect(view.model()->index(BareImageRow, 0)).top(),
                     view.visualRect(view.model()->index(ImageRow, 0)).bottom() + 1);
        QVERIFY(heightOf(view, ImageRow) < wide); // 172 px wide: 172 × 129
        // The card's buttons go under its name, which stays readable.
        QVERIFY(heightOf(view, FileRow) > fileWide);
        const QPoint save = pointFor(view, FileRow, TimelineAction::Save);
        const QPoint open = pointFor(view, FileRow, TimelineAction::Open);
        QVERIFY(!save.isNull() && !open.isNull());
        QVERIFY(open.x() < 220);
        QVERIFY(!pointFor(view, ImageRow, TimelineAction::OpenImage).isNull());
        saveGrab(render(view), "media-narrow");
    }
};

QTEST_MAIN(TestTimelineMedia)
#include "test_timeline_media.moc"
