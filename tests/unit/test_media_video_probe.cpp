#include "media/video_probe.h"

#include "support/media_inputs.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using estafette::VideoProbe;

namespace {

// How many distinct colours a sample of the picture has: ffmpeg's test pattern has many, a black frame one.
int colourCount(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y) & 0xf0f0f0);
    }
    return int(colours.size());
}

VideoProbe::Result probeOnce(const QString &path, int timeoutMs = 15000)
{
    VideoProbe probe;
    probe.setTimeout(timeoutMs);
    QSignalSpy spy(&probe, &VideoProbe::finished);
    probe.start(path);
    if (!spy.wait(timeoutMs + 5000))
        return {};
    return spy.at(0).at(0).value<VideoProbe::Result>();
}

} // namespace

class TestMediaVideoProbe : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(media_test::makeVideo(path("visit.mp4"), 2.0, 320, 240));
        QVERIFY(media_test::makeVideo(path("visit-sound.mp4"), 2.0, 160, 120, true));
        QVERIFY(media_test::makeSound(path("memo.wav"), 2.0));
    }

    void aVideoGivesDurationSizeAndPoster()
    {
        const VideoProbe::Result result = probeOnce(path("visit.mp4"));
        QVERIFY2(result.loaded, qPrintable(result.error));
        QVERIFY(result.hasVideo);
        QVERIFY(!result.timedOut);
        QVERIFY2(std::abs(result.durationMs - 2000) <= 100, qPrintable(QString::number(result.durationMs)));
        QCOMPARE(result.size, QSize(320, 240));
        QVERIFY(!result.poster.isNull());
        QCOMPARE(result.poster.size(), QSize(320, 240));
        QVERIFY2(colourCount(result.poster) > 8, "the poster is not the test pattern");
    }

    void aVideoWithSound()
    {
        const VideoProbe::Result result = probeOnce(path("visit-sound.mp4"));
        QVERIFY2(result.loaded, qPrintable(result.error));
        QVERIFY(result.hasVideo);
        QVERIFY(result.hasAudio);
        QCOMPARE(result.size, QSize(160, 120));
        QVERIFY(!result.poster.isNull());
    }

    void aSoundGivesItsDuration()
    {
        const VideoProbe::Result result = probeOnce(path("memo.wav"));
        QVERIFY2(result.loaded, qPrintable(result.error));
        QVERIFY(!result.hasVideo);
        QVERIFY(result.hasAudio);
        QVERIFY2(std::abs(result.durationMs - 2000) <= 100, qPrintable(QString::number(result.durationMs)));
        QVERIFY(result.poster.isNull());
        QVERIFY(!result.size.isValid());
    }

    void aMissingFileFinishesWithAnError()
    {
        const VideoProbe::Result result = probeOnce(path("nothing-here.mp4"));
        QVERIFY(!result.loaded);
        QVERIFY(!result.error.isEmpty());
    }

    void garbageFinishesWithoutAPoster()
    {
        QByteArray noise(200'000, Qt::Uninitialized);
        QRandomGenerator rng(9);
        for (char &c : noise)
            c = char(rng.bounded(256));
        QVERIFY(media_test::writeBytes(path("noise.mp4"), noise));
        QElapsedTimer timer;
        timer.start();
        const VideoProbe::Result result = probeOnce(path("noise.mp4"), 5000);
        QVERIFY(timer.elapsed() < 10000);
        QVERIFY(result.poster.isNull());
        QVERIFY(!result.hasVideo);
    }

    // Whatever the media framework does, the timeout ends the probe with what is known by then.
    void theTimeoutEndsIt()
    {
        VideoProbe probe;
        probe.setTimeout(1);
        QSignalSpy spy(&probe, &VideoProbe::finished);
        probe.start(path("visit.mp4"));
        QVERIFY(spy.wait(5000));
        const auto result = spy.at(0).at(0).value<VideoProbe::Result>();
        QVERIFY(result.timedOut);
        QVERIFY(!probe.isRunning());
        QTest::qWait(300);
        QCOMPARE(spy.count(), 1); // exactly once
    }

    void finishesExactlyOnceAndCanBeReused()
    {
        VideoProbe probe;
        QSignalSpy spy(&probe, &VideoProbe::finished);
        probe.start(path("visit.mp4"));
        QVERIFY(probe.isRunning());
        probe.start(path("memo.wav")); // ignored while running
        QVERIFY(spy.wait(15000));
        QTest::qWait(500);
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.at(0).at(0).value<VideoProbe::Result>().hasVideo);
        probe.start(path("memo.wav"));
        QVERIFY(spy.wait(15000));
        QCOMPARE(spy.count(), 2);
        QVERIFY(!spy.at(1).at(0).value<VideoProbe::Result>().hasVideo);
    }

    // Deleted while running, or from its own finished(): neither crashes.
    void deletionIsSafe()
    {
        auto *running = new VideoProbe;
        running->start(path("visit.mp4"));
        QTest::qWait(50);
        delete running;

        auto *probe = new VideoProbe;
        bool got = false;
        connect(probe, &VideoProbe::finished, this, [&got, probe](const VideoProbe::Result &) {
            got = true;
            delete probe;
        });
        probe->start(path("visit.mp4"));
        QTRY_VERIFY_WITH_TIMEOUT(got, 15000);
        QTest::qWait(200);
    }

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMediaVideoProbe)
#include "test_media_video_probe.moc"
