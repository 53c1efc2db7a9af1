// A file the composer accepted reaches the room exactly once, whatever happens to the app: "the app"
// (tests/support/test_client: libclient's Session with its encrypted store, in its own process) is killed with
// SIGKILL at 20 varied moments of an upload (right after acceptance, after a delay, at a given share of the
// upload, right after the server stored the event), in a room in the clear and in an encrypted room, the source
// file deleted after acceptance in some of them, and started again each time on the same store. Then the matrix-nio
// peer sees each file once, downloads it (decrypting it in the encrypted room) and gets the same bytes; nothing
// is left staged; nothing of the files is readable in the profile.
#include "support/media_checks.h"
#include "support/media_inputs.h"
#include "support/peer_scenario.h"
#include "support/test_client_process.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

enum class Moment { RightAfterAcceptance, AfterADelay, DuringTheUpload, RightAfterSent };

struct Sent {
    QString roomId;
    QString name;
    QByteArray sha256; // of the source, computed before it may be deleted
    bool image = false;
    QSize imageSize;
    QByteArray marker; // bytes of the source that must never be readable in the profile
};

} // namespace

class TestMediaDurability : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    QTemporaryDir m_profile;
    QTemporaryDir m_sources;
    QString m_dbPath;
    QString m_keyHex;
    QString m_plainRoom;
    QString m_encryptedRoom;

    QStringList resumeArguments() const { return {QStringLiteral("--db"), m_dbPath, QStringLiteral("--key"), m_keyHex}; }
    QString mediaPath() const { return QFileInfo(m_dbPath).dir().filePath(QStringLiteral("media")); }

    // The source of upload i: a photo carrying GPS now and then, otherwise random bytes of a few MB (large
    // enough that an upload takes a while over the loopback).
    bool makeSource(int i, Sent *sent, QString *path)
    {
        const bool image = i % 4 == 0;
        sent->name = image ? QStringLiteral("photo-%1.jpg").arg(i, 2, 10, QLatin1Char('0'))
                           : QStringLiteral("rapport-%1.bin").arg(i, 2, 10, QLatin1Char('0'));
        *path = m_sources.filePath(sent->name);
        if (image) {
            sent->image = true;
            sent->imageSize = QSize(1600 + 8 * i, 1200);
            if (!media_test::writeTaggedJpeg(*path, sent->imageSize.width(), sent->imageSize.height(), 1))
                return false;
        } else if (!writeRandomFile(*path, (3 + i % 5) * 1024 * 1024 + 4321 * i, quint32(1000 + i))) {
            return false;
        }
        sent->sha256 = sha256OfFile(*path);
        QFile f(*path);
        if (!f.open(QIODevice::ReadOnly))
            return false;
        f.seek(f.size() / 2);
        sent->marker = f.read(32);
        return !sent->sha256.isEmpty() && sent->marker.size() == 32;
    }

    // Waits for our own "accepted <txn>" of the file just attached (restored entries do not announce it again,
    // but an older entry's acceptance may still be in the output).
    QString acceptedTxn(TestClientProcess &client, const QSet<QString> &known)
    {
        for (;;) {
            const QString txn = client.waitFor(QStringLiteral("accepted "), 60000);
            if (txn.isNull() || !known.contains(txn))
                return txn;
        }
    }

    // Waits until the upload of `txn` reached `share` of its bytes; false when it never shows that far (it went
    // faster than the progress lines, or it finished).
    static bool uploadReached(TestClientProcess &client, const QString &txn, double share)
    {
        for (;;) {
            const QString line = client.waitFor(QStringLiteral("progress ") + txn + u' ', 4000);
            if (line.isNull())
                return false;
            const qint64 done = line.section(u' ', 0, 0).toLongLong();
            const qint64 total = line.section(u' ', 1, 1).toLongLong();
            if (total > 0 && done >= qint64(share * double(total)))
                return true;
        }
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("mediakill"), QStringLiteral("niomediakill"), &error), qPrintable(error));
        QVERIFY(m_profile.isValid() && m_sources.isValid());
        m_dbPath = m_profile.filePath(QStringLiteral("store.db"));
        QByteArray key(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);
        m_keyHex = QString::fromLatin1(key.toHex());
        m_plainRoom = m_cast.peer->createRoom(QStringLiteral("Pièces du dossier"), {m_cast.me.userId});
        m_encryptedRoom = m_cast.peer->createEncryptedRoom(QStringLiteral("Pièces confidentielles"), {m_cast.me.userId});
        QVERIFY(!m_plainRoom.isEmpty() && !m_encryptedRoom.isEmpty());

        // First start: a real sign-in into a fresh store, device keys published, both rooms joined.
        TestClientProcess client;
        QVERIFY2(client.start(resumeArguments() + QStringList{QStringLiteral("--server"), m_cast.server.baseUrl.toString(),
                                                               QStringLiteral("--user"), m_cast.me.localpart,
                                                               QStringLiteral("--password"), m_cast.me.password},
                              &error),
                 qPrintable(error));
        QVERIFY(!client.waitFor(QStringLiteral("ready")).isNull());
        QVERIFY2(!client.waitFor(QStringLiteral("crypto-ready")).isNull(), "device keys never published");
        for (const QString &roomId : {m_plainRoom, m_encryptedRoom}) {
            QTRY_COMPARE_WITH_TIMEOUT(client.room(roomId).value(QStringLiteral("membership")).toString(),
                                      QStringLiteral("invite"), 30000);
            client.send(QStringLiteral("join ") + roomId);
            const QJsonObject joined =
                m_cast.peer->command(QStringLiteral("wait_joined"), {{"room_id", roomId}, {"user_id", m_cast.me.userId}});
            QVERIFY2(joined.value(QStringLiteral("ok")).toBool(), qPrintable(joined.value(QStringLiteral("error")).toString()));
        }
        client.quit();
    }

    void killedAtTwentyMomentsOfUploads_eachFileArrivesOnce()
    {
        QString error;
        QList<Sent> sent;
        QSet<QString> txns;
        int killedMidUpload = 0;
        int deleted = 0;
        for (int i = 0; i < 20; ++i) {
            Sent s;
            QString path;
            QVERIFY2(makeSource(i, &s, &path), qPrintable(QStringLiteral("could not make source %1").arg(i)));
            s.roomId = i % 2 ? m_encryptedRoom : m_plainRoom;

            TestClientProcess client;
            QVERIFY2(client.start(resumeArguments(), &error), qPrintable(error));
            QVERIFY2(!client.waitFor(QStringLiteral("ready")).isNull(), "the app did not resume from its store");
            client.send(QStringLiteral("attach %1 %2").arg(s.roomId, path));
            const QString txn = acceptedTxn(client, txns);
            QVERIFY2(!txn.isNull(), qPrintable(QStringLiteral("%1 was never accepted").arg(s.name)));
            txns.insert(txn);
            sent << s;
            // The original may go once the composer's promise is made: the staged copy is what is sent.
            if (i % 3 == 1) {
                QVERIFY(QFile::remove(path));
                ++deleted;
            }
            switch (Moment(i % 4)) {
            case Moment::RightAfterAcceptance:
                break;
            case Moment::AfterADelay:
                QTest::qWait((i * 53) % 400);
                break;
            case Moment::DuringTheUpload:
                if (uploadReached(client, txn, 0.05 + 0.045 * i))
                    ++killedMidUpload;
                break;
            case Moment::RightAfterSent:
                QVERIFY2(!client.waitFor(QStringLiteral("sent ") + txn, 60000).isNull(),
                         qPrintable(QStringLiteral("%1 was never sent").arg(s.name)));
                break;
            }
            client.kill9();
        }
        qInfo("%d of 20 killed in the middle of their upload, %d sources deleted after acceptance", killedMidUpload,
              deleted);
        QVERIFY2(killedMidUpload >= 3, "too few kills landed during an upload for the test to mean anything");

        // One more start lets whatever is left in the outbox go out.
        TestClientProcess client;
        QVERIFY2(client.start(resumeArguments(), &error), qPrintable(error));
        QVERIFY(!client.waitFor(QStringLiteral("ready")).isNull());
        for (const Sent &s : std::as_const(sent))
            QTRY_VERIFY2_WITH_TIMEOUT(!m_cast.peer->messageEvents(s.roomId, m_cast.me.userId, s.name).isEmpty(),
                                      qPrintable(s.name + QStringLiteral(" never arrived")), 120000);
        // Markers from the peer after ours, in both rooms: any late duplicate would have arrived before them.
        for (const QString &roomId : {m_plainRoom, m_encryptedRoom}) {
            const QString marker = QStringLiteral("témoin ") + roomId;
            QVERIFY(!m_cast.peer->sendText(roomId, marker).isEmpty());
            QVERIFY(m_cast.peer->waitForMessage(roomId, marker));
        }
        for (const Sent &s : std::as_const(sent)) {
            const QList<QJsonObject> events = m_cast.peer->messageEvents(s.roomId, m_cast.me.userId, s.name);
            QVERIFY2(events.size() == 1, qPrintable(QStringLiteral("%1 arrived %2 times").arg(s.name).arg(events.size())));
            const QJsonObject event = events.first();
            const bool encrypted = s.roomId == m_encryptedRoom;
            QCOMPARE(event.value(QStringLiteral("encrypted")).toBool(), encrypted);
            const QJsonObject content = event.value(QStringLiteral("content")).toObject();
            QCOMPARE(content.value(QStringLiteral("msgtype")).toString(),
                     s.image ? QStringLiteral("m.image") : QStringLiteral("m.file"));
            const QJsonObject file = content.value(QStringLiteral("file")).toObject();
            QCOMPARE(file.isEmpty(), !encrypted);
            const QString url = encrypted ? file.value(QStringLiteral("url")).toString()
                                          : content.value(QStringLiteral("url")).toString();
            const QString received = m_sources.filePath(QStringLiteral("reçu-") + s.name);
            const QJsonObject download = m_cast.peer->download(url, file, received);
            QVERIFY2(download.value(QStringLiteral("ok")).toBool(true),
                     qPrintable(s.name + u' ' + download.value(QStringLiteral("error")).toString()));
            if (s.image) {
                // Stripped of its GPS position (so not the same bytes), the same picture.
                QCOMPARE(QImage(received).size(), s.imageSize);
                QVERIFY2(!media_test::exiftoolDump(received).contains(QLatin1String("GPS")), qPrintable(s.name));
            } else {
                QCOMPARE(download.value(QStringLiteral("sha256")).toString(), QString::fromLatin1(s.sha256.toHex()));
            }
        }

        // Every staged copy is gone once its event is sent.
        QTRY_COMPARE_WITH_TIMEOUT(filesUnder(mediaPath(), QStringLiteral("staging")), QStringList(), 30000);
        client.quit();

        // Nothing of the files, their names or the rooms is readable anywhere in the profile.
        QList<QByteArray> secrets{QByteArrayLiteral("Pièces"), QByteArrayLiteral("rapport-0"),
                                  QByteArrayLiteral("photo-0"), QByteArrayLiteral("Jeanne Agent")};
        for (const Sent &s : std::as_const(sent))
            secrets << s.marker;
        int files = 0;
        QDirIterator it(m_profile.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            ++files;
            for (const QByteArray &secret : std::as_const(secrets))
                QVERIFY2(!bytes.contains(secret), qPrintable(f.fileName() + QStringLiteral(" holds a secret")));
        }
        QVERIFY(files >= 1);
    }
};

QTEST_GUILESS_MAIN(TestMediaDurability)
#include "test_media_durability.moc"
