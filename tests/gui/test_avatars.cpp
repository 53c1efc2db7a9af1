// Avatars as a person sees them, offscreen, against the local Synapse: a peer with a profile picture and rooms
// with a picture, none, or a broken one (an mxc URL the server does not have). The room list and the room
// header paint the room's picture where the initial was, the timeline paints the sender's picture beside their
// name without changing the row's height; a room without a picture keeps its initial; a broken one keeps its
// initial too and is fetched once, not once per repaint. Checked on the pixels of the grabbed widgets.
#include "gui_finders.h"
#include "app_controller.h"
#include "app_options.h"
#include "avatar_painter.h"
#include "avatar_widget.h"
#include "main_window.h"
#include "media/media_avatar_source.h"
#include "models/room_list_model.h"
#include "models/timeline_model.h"
#include "room_header.h"
#include "room_list_panel.h"
#include "room_view.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "support/synapse_fixture.h"
#include "timeline/timeline_style.h"
#include "timeline/timeline_view.h"

#include <QBuffer>
#include <QEventLoop>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListView>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

using namespace estafette;
using namespace estafette::test;

namespace {
// Colours no initial circle, text or palette of the app uses.
const QColor kRoomColour(255, 160, 0); // the room's picture
const QColor kPeerColour(0, 220, 120); // the peer's profile picture

bool near(const QColor &a, const QColor &b, int tolerance = 24)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

QByteArray pngOf(const QColor &colour)
{
    QImage image(200, 200, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// POST /_matrix/media/v3/upload as `user`: the content URI, or empty with *error.
QString upload(const TestServer &server, const TestUser &user, const QByteArray &png, QString *error)
{
    QNetworkAccessManager network;
    QUrl url = server.baseUrl;
    url.setPath(QStringLiteral("/_matrix/media/v3/upload"));
    url.setQuery(QStringLiteral("filename=avatar.png"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("image/png"));
    request.setRawHeader("Authorization", "Bearer " + user.accessToken.toUtf8());
    QNetworkReply *reply = network.post(request, png);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->isFinished() ? reply->readAll() : QByteArray();
    reply->deleteLater();
    const QString uri = QJsonDocument::fromJson(body).object().value(QStringLiteral("content_uri")).toString();
    if (uri.isEmpty())
        *error = QStringLiteral("upload failed: ") + QString::fromUtf8(body);
    return uri;
}

QString encoded(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

// Pixels of `image` inside `area` close to `colour`.
int countNear(const QImage &image, const QRect &area, const QColor &colour, int tolerance = 24)
{
    int count = 0;
    const QRect inside = area.intersected(image.rect());
    for (int y = inside.top(); y <= inside.bottom(); ++y)
        for (int x = inside.left(); x <= inside.right(); ++x)
            if (near(image.pixelColor(x, y), colour, tolerance))
                ++count;
    return count;
}

} // namespace

class TestAvatars : public QObject {
    Q_OBJECT
    TestServer m_server;
    std::optional<TestUser> m_me;
    std::optional<TestUser> m_peer;
    QString m_pictured, m_plain, m_broken; // room ids
    QString m_brokenUrl;
    QTemporaryDir m_profile;
    std::unique_ptr<AppController> m_app;
    MainWindow *m_main = nullptr;

    QString createRoom(const QString &name, const QString &avatarUrl)
    {
        QJsonObject body{{QStringLiteral("name"), name},
                         {QStringLiteral("invite"), QJsonArray{m_me->userId}}};
        if (!avatarUrl.isEmpty()) {
            body.insert(QStringLiteral("initial_state"),
                        QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.avatar")},
                                               {QStringLiteral("state_key"), QString()},
                                               {QStringLiteral("content"),
                                                QJsonObject{{QStringLiteral("url"), avatarUrl}}}}});
        }
        QString error;
        const auto created = callServer(m_server, "POST", QStringLiteral("/_matrix/client/v3/createRoom"),
                                        m_peer->accessToken, body, &error);
        if (!created)
            return {};
        const QString roomId = created->value(QStringLiteral("room_id")).toString();
        callServer(m_server, "POST", QStringLiteral("/_matrix/client/v3/join/") + encoded(roomId), m_me->accessToken,
                   {}, &error);
        return roomId;
    }

    QListView *roomListView() const { return m_main->roomList()->view(); }

    // The centre of the room list's avatar circle of `roomName`'s row, and the row (or {} when not listed).
    QModelIndex roomRow(const QString &roomName) const
    {
        QAbstractItemModel *model = roomListView()->model();
        const int row = rowNamed(model, roomName, RoomListModel::NameRole);
        return row < 0 ? QModelIndex() : model->index(row, 0);
    }
    QPoint avatarCentre(const QModelIndex &row) const
    {
        const QRect rect = roomListView()->visualRect(row);
        return {rect.left() + 10 + 19, rect.center().y()}; // kPad + kAvatar / 2 in RoomListDelegate
    }
    // A point of the circle left of its centre, clear of the initial's glyph.
    QColor roomListColourBesideCentre(const QModelIndex &row) const
    {
        const QImage shot = roomListView()->viewport()->grab().toImage();
        const QPoint centre = avatarCentre(row) * shot.devicePixelRatio();
        return shot.pixelColor(centre - QPoint(13, 0));
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        m_me = registerUser(m_server, QStringLiteral("avatarme"), false, &error);
        QVERIFY2(m_me, qPrintable(error));
        m_peer = registerUser(m_server, QStringLiteral("avatarpeer"), false, &error);
        QVERIFY2(m_peer, qPrintable(error));

        // The peer's profile picture first, so their membership in every room carries it.
        const QString peerPicture = upload(m_server, *m_peer, pngOf(kPeerColour), &error);
        QVERIFY2(!peerPicture.isEmpty(), qPrintable(error));
        QVERIFY2(callServer(m_server, "PUT",
                            QStringLiteral("/_matrix/client/v3/profile/%1/avatar_url").arg(encoded(m_peer->userId)),
                            m_peer->accessToken, QJsonObject{{QStringLiteral("avatar_url"), peerPicture}}, &error),
                 qPrintable(error));
        const QString roomPicture = upload(m_server, *m_peer, pngOf(kRoomColour), &error);
        QVERIFY2(!roomPicture.isEmpty(), qPrintable(error));
        m_brokenUrl = QStringLiteral("mxc://%1/nothingHere%2")
                          .arg(m_server.serverName, QUuid::createUuid().toString(QUuid::Id128));

        m_pictured = createRoom(QStringLiteral("Salle illustrée"), roomPicture);
        m_plain = createRoom(QStringLiteral("Salle sans image"), {});
        m_broken = createRoom(QStringLiteral("Salle à l'image cassée"), m_brokenUrl);
        QVERIFY(!m_pictured.isEmpty() && !m_plain.isEmpty() && !m_broken.isEmpty());
        QVERIFY2(callServer(m_server, "PUT",
                            QStringLiteral("/_matrix/client/v3/rooms/%1/send/m.room.message/avatar1").arg(encoded(m_pictured)),
                            m_peer->accessToken,
                            QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                        {QStringLiteral("body"), QStringLiteral("Bonjour avec ma photo")}},
                            &error),
                 qPrintable(error));

        AppOptions options;
        options.profileDir = m_profile.path();
        options.language = QStringLiteral("en");
        options.homeserver = m_server.baseUrl.toString();
        options.user = m_me->localpart;
        options.password = m_me->password;
        m_app = std::make_unique<AppController>(options);
        m_app->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_app->mainWindow() != nullptr, 30000);
        m_main = m_app->mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(m_main));
        QVERIFY2(m_main->avatars(), "an account with a store has its media, hence avatars");
        for (const QString &name : {QStringLiteral("Salle illustrée"), QStringLiteral("Salle sans image"),
                                    QStringLiteral("Salle à l'image cassée")})
            QTRY_VERIFY_WITH_TIMEOUT(roomRow(name).isValid(), 30000);
    }

    void roomListPaintsTheRoomsPicture()
    {
        const QModelIndex row = roomRow(QStringLiteral("Salle illustrée"));
        QVERIFY(row.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(!row.data(RoomListModel::AvatarUrlRole).toString().isEmpty(), 20000);
        // Painted (asked for), fetched, decoded, painted again.
        QTRY_VERIFY_WITH_TIMEOUT(near(roomListColourBesideCentre(roomRow(QStringLiteral("Salle illustrée"))),
                                      kRoomColour), 20000);
        // At the centre too (no initial on top of the picture).
        const QImage shot = roomListView()->viewport()->grab().toImage();
        QVERIFY(near(shot.pixelColor(avatarCentre(roomRow(QStringLiteral("Salle illustrée"))) * shot.devicePixelRatio()),
                     kRoomColour));
    }

    void aRoomWithoutPictureKeepsItsInitial()
    {
        const QModelIndex row = roomRow(QStringLiteral("Salle sans image"));
        QVERIFY(row.isValid());
        QVERIFY(row.data(RoomListModel::AvatarUrlRole).toString().isEmpty());
        QCOMPARE(roomListColourBesideCentre(row).rgb(), AvatarPainter::colorFor(m_plain).rgb());
        // Its initial is white on that colour, in the middle of the circle.
        const QImage shot = roomListView()->viewport()->grab().toImage();
        const QPoint centre = avatarCentre(row) * shot.devicePixelRatio();
        QVERIFY(countNear(shot, QRect(centre - QPoint(8, 8), QSize(16, 16)), Qt::white, 60) > 5);
    }

    void aBrokenPictureKeepsTheInitialAndIsFetchedOnce()
    {
        MediaAvatarSource *avatars = m_main->avatars();
        const QModelIndex row = roomRow(QStringLiteral("Salle à l'image cassée"));
        QVERIFY(row.isValid());
        QCOMPARE(row.data(RoomListModel::AvatarUrlRole).toString(), m_brokenUrl);
        roomListView()->viewport()->repaint();
        QTRY_VERIFY_WITH_TIMEOUT(avatars->hasFailed(m_brokenUrl), 20000);
        const int fetches = avatars->fetchCount();
        for (int i = 0; i < 10; ++i) {
            roomListView()->viewport()->repaint();
            QTest::qWait(50);
        }
        QCOMPARE(avatars->fetchCount(), fetches);
        QVERIFY(avatars->hasFailed(m_brokenUrl));
        QCOMPARE(roomListColourBesideCentre(roomRow(QStringLiteral("Salle à l'image cassée"))).rgb(),
                 AvatarPainter::colorFor(m_broken).rgb());
        // Something that is not an mxc URL is never fetched at all.
        const int before = avatars->fetchCount();
        QVERIFY(avatars->avatar(QStringLiteral("https://example.org/me.png")).isNull());
        QVERIFY(avatars->avatar(QStringLiteral("https://example.org/me.png")).isNull());
        QCOMPARE(avatars->fetchCount(), before);
    }

    void headerAndTimelinePaintPictures()
    {
        QVERIFY(m_main->roomList()->selectRoom(m_pictured));
        QTRY_VERIFY_WITH_TIMEOUT(m_main->roomView()->room() && m_main->roomView()->room()->id() == m_pictured, 10000);
        AvatarWidget *headerAvatar = m_main->roomView()->header()->avatar();
        QTRY_VERIFY_WITH_TIMEOUT(headerAvatar->showsPicture(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(headerAvatar->isVisible(), 5000);
        const QImage headerShot = headerAvatar->grab().toImage();
        QVERIFY(near(headerShot.pixelColor(headerShot.rect().center()), kRoomColour));
        // Decorative: no name, no focus.
        QVERIFY(headerAvatar->accessibleName().isEmpty());
        QCOMPARE(headerAvatar->focusPolicy(), Qt::NoFocus);

        // The peer's message, under a header line with their picture beside their name.
        TimelineView *timeline = m_main->roomView()->timeline();
        QAbstractItemModel *model = timeline->model();
        auto messageRow = [&]() -> QModelIndex {
            for (int r = 0; r < model->rowCount(); ++r)
                if (model->index(r, 0).data(TimelineModel::BodyRole).toString() == QLatin1String("Bonjour avec ma photo"))
                    return model->index(r, 0);
            return {};
        };
        QTRY_VERIFY_WITH_TIMEOUT(messageRow().isValid(), 30000);
        const QModelIndex message = messageRow();
        QVERIFY(!message.data(TimelineModel::SenderAvatarRole).toString().isEmpty());
        timeline->scrollTo(message);
        auto avatarPixels = [&] {
            const QImage shot = timeline->viewport()->grab().toImage();
            const QRect rect = timeline->visualRect(messageRow());
            const qreal dpr = shot.devicePixelRatio();
            // The header line starts at kLeft; the circle is the height of the name line, about 16–20 px.
            const QRect left(QPoint(rect.left() + TimelineStyle::kLeft, rect.top()) * dpr,
                             QSize(30, rect.height()) * dpr);
            return countNear(shot, left, kPeerColour);
        };
        QTRY_VERIFY_WITH_TIMEOUT(avatarPixels() > 60, 20000);

        // The row is as high with the picture as with the initial (the space is the same either way).
        const int withPicture = timeline->visualRect(messageRow()).height();
        const QSize hinted = timeline->itemDelegate()->sizeHint(QStyleOptionViewItem(), messageRow());
        timeline->setAvatarSource(nullptr);
        QCOMPARE(timeline->itemDelegate()->sizeHint(QStyleOptionViewItem(), messageRow()), hinted);
        QTest::qWait(50);
        QCOMPARE(avatarPixels(), 0); // the initial on the sender's colour now
        QCOMPARE(timeline->visualRect(messageRow()).height(), withPicture);
        timeline->setAvatarSource(m_main->avatars());
        QTRY_VERIFY_WITH_TIMEOUT(avatarPixels() > 60, 5000);
    }

    void headerOfARoomWithoutPictureShowsTheInitial()
    {
        QVERIFY(m_main->roomList()->selectRoom(m_plain));
        QTRY_VERIFY_WITH_TIMEOUT(m_main->roomView()->room() && m_main->roomView()->room()->id() == m_plain, 10000);
        AvatarWidget *headerAvatar = m_main->roomView()->header()->avatar();
        QVERIFY(headerAvatar->mxcUri().isEmpty());
        QVERIFY(!headerAvatar->showsPicture());
        const QImage shot = headerAvatar->grab().toImage();
        const QPoint beside = QPoint(shot.width() / 2 - int(11 * shot.devicePixelRatio()), shot.height() / 2);
        QCOMPARE(shot.pixelColor(beside).rgb(), AvatarPainter::colorFor(m_plain).rgb());
    }
};

QTEST_MAIN(TestAvatars)
#include "test_avatars.moc"
