// The media player window, offscreen, with GStreamer: a 2 s video (VP8 + Vorbis, made with ffmpeg) plays from
// a file and from a random-access device (as the decrypting device over the encrypted cache will be; the test
// checks the bytes came through it), its position advances and the time shows it; pause, seek (slider and keys),
// volume and mute, full screen (F, double click) and Escape; a sound plays with its icon instead of a picture;
// a damaged file is said so; the window goes away while playing without harm; what a screen reader gets.
// Runs inside scripts/private-session, which starts a PulseAudio null sink for the sound.
#include "accessibility_audit.h"
#include "media/duration_text.h"
#include "media/media_player_window.h"

#include <QAudioOutput>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSlider>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

using namespace estafette;
using namespace estafette::test;

namespace {

// A seekable device over a file that counts what was read through it.
class CountingDevice : public QIODevice {
public:
    explicit CountingDevice(const QString &path)
        : m_file(path)
    {
    }
    bool open(OpenMode mode) override
    {
        if (!m_file.open(QIODevice::ReadOnly))
            return false;
        return QIODevice::open(mode & ~QIODevice::WriteOnly);
    }
    void close() override
    {
        m_file.close();
        QIODevice::close();
    }
    qint64 size() const override { return m_file.size(); }
    bool isSequential() const override { return false; }
    bool seek(qint64 pos) override { return QIODevice::seek(pos) && m_file.seek(pos); }
    qint64 bytesRead() const { return m_read; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = m_file.read(data, max);
        if (n > 0)
            m_read += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_read = 0;
};

template<typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class TestMediaPlayer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_video = m_dir.filePath(QStringLiteral("visite.webm"));
        m_sound = m_dir.filePath(QStringLiteral("note.ogg"));
        // VP8 + Vorbis in WebM: decoded by gstreamer1.0-plugins-good and -base, which the app depends on.
        ffmpeg(QStringLiteral("-f lavfi -i testsrc=size=320x240:rate=25:duration=2 "
                              "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 "
                              "-c:v libvpx -b:v 300k -c:a libvorbis -shortest")
                   .split(QLatin1Char(' '))
               << m_video);
        ffmpeg(QStringLiteral("-f lavfi -i sine=frequency=660:sample_rate=48000:duration=2 -c:a libvorbis")
                   .split(QLatin1Char(' '))
               << m_sound);
        QVERIFY(QFileInfo(m_video).size() > 1000);
        QVERIFY(QFileInfo(m_sound).size() > 1000);
    }

    void init()
    {
        m_window = new MediaPlayerWindow;
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        m_window->activateWindow();
        QTRY_VERIFY(m_window->isActiveWindow());
        // Offscreen, the video's embedded native window is activated when it is shown and takes the focus
        // widget away (on a desktop it is transparent for input and the play button keeps the focus).
        if (!QApplication::focusWidget())
            child<QPushButton>(m_window, "playPause")->setFocus();
    }

    void cleanup() { delete m_window; }

    void aVideoFilePlaysAndItsPositionAdvances()
    {
        // Pictures reach the video widget, not only the clock.
        int frames = 0;
        QSize frameSize;
        QVideoSink *sink = child<QVideoWidget>(m_window, "video")->videoSink();
        QVERIFY(sink);
        connect(sink, &QVideoSink::videoFrameChanged, this, [&](const QVideoFrame &frame) {
            if (frame.isValid()) {
                ++frames;
                frameSize = frame.size();
            }
        });
        m_window->openFile(QUrl::fromLocalFile(m_video));
        QMediaPlayer *player = m_window->player();
        QTRY_COMPARE_WITH_TIMEOUT(player->playbackState(), QMediaPlayer::PlayingState, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 400, 15000);
        QVERIFY2(m_window->errorText().isEmpty(), qPrintable(m_window->errorText()));
        QVERIFY(player->hasVideo());
        QCOMPARE(child<QStackedWidget>(m_window, "screen")->currentWidget(), child<QVideoWidget>(m_window, "video"));
        QVERIFY(qAbs(player->duration() - 2000) < 300);
        QTRY_VERIFY(frames > 5);
        QCOMPARE(frameSize, QSize(320, 240));
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("visite.webm")));
        auto *seek = child<QSlider>(m_window, "seek");
        QCOMPARE(seek->maximum(), int(player->duration()));
        QTRY_VERIFY(seek->value() > 0);
        auto *time = child<QLabel>(m_window, "time");
        QVERIFY(time->text().endsWith(QStringLiteral("0:02")));
        QCOMPARE(child<QPushButton>(m_window, "playPause")->text(), playerText("Pause"));
        // It reaches the end and stops there, ready to play again.
        QTRY_COMPARE_WITH_TIMEOUT(player->mediaStatus(), QMediaPlayer::EndOfMedia, 15000);
        QCOMPARE(child<QPushButton>(m_window, "playPause")->text(), playerText("Play"));
    }

    void aVideoPlaysFromADevice()
    {
        auto device = std::make_unique<CountingDevice>(m_video);
        CountingDevice *counting = device.get();
        m_window->openDevice(std::move(device), QStringLiteral("visite.webm"));
        QMediaPlayer *player = m_window->player();
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 400, 15000);
        QVERIFY2(m_window->errorText().isEmpty(), qPrintable(m_window->errorText()));
        QVERIFY(player->hasVideo());
        QVERIFY(counting->bytesRead() > 0);
        QCOMPARE(player->sourceDevice(), static_cast<QIODevice *>(counting));

        // Another source replaces it: the first device is let go (no crash, it is not read any more).
        m_window->openFile(QUrl::fromLocalFile(m_sound));
        QCOMPARE(player->sourceDevice(), nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 200, 15000);
    }

    void pauseSeekVolumeAndMute()
    {
        m_window->openFile(QUrl::fromLocalFile(m_video));
        QMediaPlayer *player = m_window->player();
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 200, 15000);

        // Space (the play button has the focus) pauses; the position stays.
        auto *play = child<QPushButton>(m_window, "playPause");
        QCOMPARE(QApplication::focusWidget(), play);
        QTest::keyClick(play, Qt::Key_Space);
        QTRY_COMPARE(player->playbackState(), QMediaPlayer::PausedState);
        QCOMPARE(play->text(), playerText("Play"));
        const qint64 paused = player->position();
        QTest::qWait(400);
        QVERIFY(qAbs(player->position() - paused) < 100);

        // The seek bar moves the position.
        auto *seek = child<QSlider>(m_window, "seek");
        QTRY_VERIFY(seek->isEnabled());
        seek->setValue(1500);
        QTRY_VERIFY(qAbs(player->position() - 1500) < 200);
        // Left goes back 5 s (to the start here) when the focused control does not use the key itself.
        QTest::keyClick(m_window, Qt::Key_Left);
        QTRY_VERIFY(player->position() < 200);
        QCOMPARE(player->playbackState(), QMediaPlayer::PausedState);
        // K plays again, like Space.
        QTest::keyClick(m_window, Qt::Key_K);
        QTRY_COMPARE(player->playbackState(), QMediaPlayer::PlayingState);
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 400, 5000);

        // Volume: the slider and Up/Down; M mutes and unmutes.
        auto *volume = child<QSlider>(m_window, "volume");
        m_window->setVolumePercent(50);
        QCOMPARE(volume->value(), 50);
        const float half = m_window->audioOutput()->volume();
        QVERIFY(half > 0 && half < 1);
        QTest::keyClick(m_window, Qt::Key_Up);
        QCOMPARE(volume->value(), 55);
        QVERIFY(m_window->audioOutput()->volume() > half);
        QTest::keyClick(m_window, Qt::Key_Down);
        QTest::keyClick(m_window, Qt::Key_Down);
        QCOMPARE(volume->value(), 45);
        m_window->setVolumePercent(0);
        QCOMPARE(m_window->audioOutput()->volume(), 0.0f);
        m_window->setVolumePercent(100);
        QCOMPARE(m_window->audioOutput()->volume(), 1.0f);
        auto *mute = child<QPushButton>(m_window, "mute");
        const QString muteText = mute->text();
        QTest::keyClick(m_window, Qt::Key_M);
        QVERIFY(m_window->audioOutput()->isMuted());
        QVERIFY(mute->text() != muteText);
        QTest::mouseClick(mute, Qt::LeftButton);
        QVERIFY(!m_window->audioOutput()->isMuted());
    }

    void keysSeekFromTheSeekBar()
    {
        m_window->openFile(QUrl::fromLocalFile(m_video));
        QMediaPlayer *player = m_window->player();
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 200, 15000);
        m_window->pause();
        QTRY_COMPARE(player->playbackState(), QMediaPlayer::PausedState);
        auto *seek = child<QSlider>(m_window, "seek");
        QTRY_VERIFY(seek->isEnabled());
        seek->setValue(0);
        QTRY_VERIFY(player->position() < 100);
        seek->setFocus();
        QTest::keyClick(seek, Qt::Key_End);
        QTRY_VERIFY(player->position() > 1800);
        QTest::keyClick(seek, Qt::Key_Home);
        QTRY_VERIFY(player->position() < 100);
        QVERIFY(!seek->accessibleDescription().isEmpty());
    }

    void fullScreenAndEscape()
    {
        m_window->openFile(QUrl::fromLocalFile(m_video));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->player()->hasVideo(), 15000);
        auto *full = child<QPushButton>(m_window, "fullScreen");
        QVERIFY(full->isEnabled());
        const QString normalText = full->text();
        QTest::keyClick(m_window, Qt::Key_F);
        QTRY_VERIFY(m_window->isFullScreen());
        QVERIFY(full->text() != normalText);
        QTest::keyClick(m_window, Qt::Key_Escape);
        QTRY_VERIFY(!m_window->isFullScreen());
        QCOMPARE(full->text(), normalText);
        QVERIFY(m_window->isVisible());

        // A double click on the picture, and back with the button.
        QWidget *video = child<QVideoWidget>(m_window, "video");
        QTest::mouseDClick(video, Qt::LeftButton);
        QTRY_VERIFY(m_window->isFullScreen());
        QTest::mouseClick(full, Qt::LeftButton);
        QTRY_VERIFY(!m_window->isFullScreen());

        // Escape out of full screen again, then Escape closes; a closed player is silent.
        QTest::keyClick(m_window, Qt::Key_Escape);
        QVERIFY(!m_window->isVisible());
        QTRY_VERIFY(m_window->player()->playbackState() != QMediaPlayer::PlayingState);
    }

    void aSoundPlaysWithItsIcon()
    {
        m_window->openFile(QUrl::fromLocalFile(m_sound), QStringLiteral("Note vocale.ogg"));
        QMediaPlayer *player = m_window->player();
        QTRY_VERIFY_WITH_TIMEOUT(player->position() > 400, 15000);
        QVERIFY2(m_window->errorText().isEmpty(), qPrintable(m_window->errorText()));
        QVERIFY(!player->hasVideo());
        auto *name = child<QLabel>(m_window, "soundName");
        QVERIFY(name->isVisible());
        QCOMPARE(name->text(), QStringLiteral("Note vocale.ogg"));
        QVERIFY(!child<QVideoWidget>(m_window, "video")->isVisible());
        QVERIFY(!child<QPushButton>(m_window, "fullScreen")->isEnabled());
        QTest::keyClick(m_window, Qt::Key_F); // no picture: no full screen
        QVERIFY(!m_window->isFullScreen());
    }

    void aDamagedFileIsSaidSo()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken.webm"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray junk(64 * 1024, '\0');
        for (int i = 0; i < junk.size(); ++i)
            junk[i] = char((i * 7919) % 251);
        file.write(junk);
        file.close();
        m_window->openDevice(std::make_unique<CountingDevice>(broken), QStringLiteral("broken.webm"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->errorText().isEmpty(), 15000);
        QVERIFY(child<QLabel>(m_window, "playerStatus")->isVisible());
        QVERIFY(m_window->player()->position() == 0);

        // A device that can't be opened.
        m_window->openDevice(std::make_unique<CountingDevice>(m_dir.filePath(QStringLiteral("absent.webm"))),
                             QStringLiteral("absent.webm"));
        QVERIFY(!m_window->errorText().isEmpty());
    }

    void goesAwayWhilePlaying()
    {
        m_window->openDevice(std::make_unique<CountingDevice>(m_video), QStringLiteral("visite.webm"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->player()->position() > 100, 15000);
        delete m_window; // the device goes with it, after the player let it go
        QVERIFY(!m_window);
        QTest::qWait(200);
    }

    void timesAsPlayersShowThem()
    {
        QCOMPARE(DurationText::format(0), QStringLiteral("0:00"));
        QCOMPARE(DurationText::format(7999), QStringLiteral("0:07"));
        QCOMPARE(DurationText::format(754000), QStringLiteral("12:34"));
        QCOMPARE(DurationText::format(3723000), QStringLiteral("1:02:03"));
        QCOMPARE(DurationText::format(-5), QStringLiteral("0:00"));
    }

    void aScreenReaderGetsEveryPart()
    {
        m_window->openFile(QUrl::fromLocalFile(m_video));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->player()->position() > 100, 15000);
        const QStringList problems = AccessibilityAudit::problems(m_window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // Every control is reached with Tab.
        QSet<QWidget *> reached;
        QWidget *w = QApplication::focusWidget();
        for (int i = 0; i < 10 && w; ++i) {
            reached.insert(w);
            QTest::keyClick(w, Qt::Key_Tab);
            w = QApplication::focusWidget();
        }
        for (const char *name : {"playPause", "seek", "mute", "volume", "fullScreen"})
            QVERIFY2(reached.contains(child<QWidget>(m_window, name)), name);
    }

private:
    void ffmpeg(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral("ffmpeg"),
                      QStringList{QStringLiteral("-nostdin"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                                  QStringLiteral("-y")}
                          + arguments);
        QVERIFY2(process.waitForFinished(60000) && process.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
    }

    static QString playerText(const char *text) { return MediaPlayerWindow::tr(text); }

    QTemporaryDir m_dir;
    QString m_video;
    QString m_sound;
    QPointer<MediaPlayerWindow> m_window;
};

QTEST_MAIN(TestMediaPlayer)
#include "test_media_player.moc"
