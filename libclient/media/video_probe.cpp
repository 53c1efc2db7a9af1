#include "media/video_probe.h"

#include <QAudioOutput>
#include <QFileInfo>
#include <QMediaMetaData>
#include <QMediaPlayer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

namespace estafette {

VideoProbe::VideoProbe(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Result>();
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(QStringLiteral("timed out"), true); });
}

VideoProbe::~VideoProbe()
{
    tearDown();
}

void VideoProbe::start(const QString &path)
{
    if (m_running)
        return;
    m_running = true;
    m_seeking = false;
    m_waitingForDuration = false;
    m_result = Result{};
    m_lastFrame = QImage();
    if (!QFileInfo(path).isFile()) {
        finish(QStringLiteral("no such file"));
        return;
    }
    m_player = new QMediaPlayer(this);
    m_sink = new QVideoSink(this);
    m_player->setVideoSink(m_sink);
    // Muted, but there: without an audio output GStreamer leaves the sound stream unlinked, fails the stream
    // ("Internal data stream error") and never tells a sound's duration.
    m_audio = new QAudioOutput(this);
    m_audio->setMuted(true);
    m_audio->setVolume(0);
    m_player->setAudioOutput(m_audio);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        onStatus(int(status));
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString &message) {
        finish(message.isEmpty() ? QStringLiteral("media error") : message);
    });
    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 duration) {
        if (duration <= 0)
            return;
        m_result.durationMs = duration;
        if (m_waitingForDuration)
            finish({});
    });
    connect(m_sink, &QVideoSink::videoFrameChanged, this, &VideoProbe::onFrame);
    m_timeout.start(m_timeoutMs);
    m_player->setSource(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()));
}

void VideoProbe::readMetaData()
{
    if (!m_player)
        return;
    m_result.hasVideo = m_player->hasVideo();
    m_result.hasAudio = m_player->hasAudio();
    if (m_player->duration() > 0)
        m_result.durationMs = m_player->duration();
    const QSize resolution = m_player->metaData().value(QMediaMetaData::Resolution).toSize();
    if (resolution.isValid() && !resolution.isEmpty())
        m_result.size = resolution;
}

void VideoProbe::onStatus(int status)
{
    if (!m_running || !m_player)
        return;
    switch (QMediaPlayer::MediaStatus(status)) {
    case QMediaPlayer::LoadedMedia:
        m_result.loaded = true;
        readMetaData();
        if (!m_result.hasVideo) {
            // A sound: its duration is all there is, and GStreamer may only know it once the stream is read.
            if (m_result.durationMs > 0) {
                finish({});
            } else {
                m_waitingForDuration = true;
                m_player->pause();
            }
            return;
        }
        // The very first frame is often black (a fade in): the poster comes from a little later.
        if (m_result.durationMs > 0) {
            const qint64 posterMs = std::min(MaxPosterPositionMs, m_result.durationMs / 10);
            m_posterUs = posterMs * 1000;
            if (posterMs > 0 && m_player->isSeekable()) {
                m_seeking = true;
                m_player->setPosition(posterMs);
            }
        }
        m_player->play();
        break;
    case QMediaPlayer::EndOfMedia:
        finish({});
        break;
    case QMediaPlayer::InvalidMedia:
        finish(m_player->errorString().isEmpty() ? QStringLiteral("invalid media") : m_player->errorString());
        break;
    default:
        break;
    }
}

void VideoProbe::onFrame(const QVideoFrame &frame)
{
    if (!m_running || !frame.isValid())
        return;
    // A frame from before the seek (decoded ahead of it) is kept only as a fallback.
    const bool early = m_seeking && frame.startTime() >= 0 && frame.startTime() + 50'000 < m_posterUs;
    QImage image = frame.toImage();
    if (image.isNull())
        return;
    if (!m_result.size.isValid())
        m_result.size = frame.size();
    if (early) {
        m_lastFrame = image;
        return;
    }
    m_result.poster = image;
    finish({});
}

void VideoProbe::finish(const QString &error, bool timedOut)
{
    if (!m_running)
        return;
    m_running = false;
    m_timeout.stop();
    if (m_player && m_result.loaded)
        readMetaData();
    if (m_result.poster.isNull())
        m_result.poster = m_lastFrame;
    if (m_result.hasVideo && !m_result.size.isValid() && !m_result.poster.isNull())
        m_result.size = m_result.poster.size();
    m_result.error = error;
    m_result.timedOut = timedOut;
    m_lastFrame = QImage();
    tearDown();
    // Queued: the player may be in the middle of emitting, and whoever receives this may delete the probe.
    QMetaObject::invokeMethod(
        this, [this, result = m_result] { Q_EMIT finished(result); }, Qt::QueuedConnection);
}

void VideoProbe::tearDown()
{
    if (m_player) {
        disconnect(m_player, nullptr, this, nullptr);
        m_player->stop();
        m_player->deleteLater();
        m_player = nullptr;
    }
    if (m_sink) {
        disconnect(m_sink, nullptr, this, nullptr);
        m_sink->deleteLater();
        m_sink = nullptr;
    }
    if (m_audio) {
        m_audio->deleteLater();
        m_audio = nullptr;
    }
}

} // namespace estafette
