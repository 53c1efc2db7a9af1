#pragma once

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QTimer>

class QAudioOutput;
class QMediaPlayer;
class QVideoFrame;
class QVideoSink;

namespace estafette {

// Duration, picture size and a poster frame of a local video (or the duration of a sound), from Qt Multimedia
// (QMediaPlayer into a QVideoSink and a muted audio output, no widgets). Asynchronous: start(), then finished() exactly once,
// queued, from the thread the probe lives in (which needs an event loop; the GUI thread is fine, nothing heavy is
// done here but one frame converted to an image). A timeout ends it whatever the media framework does, with what
// is known by then: a video whose frames GStreamer cannot decode still gives its duration, only no poster.
class VideoProbe : public QObject {
    Q_OBJECT
public:
    struct Result {
        bool loaded = false;      // the media framework understood the file
        bool hasVideo = false;
        bool hasAudio = false;
        qint64 durationMs = 0;    // 0 when unknown
        QSize size;               // of the picture; invalid when unknown
        QImage poster;            // null when no frame came
        bool timedOut = false;
        QString error;            // for logs; empty when the media framework reported none
    };

    static constexpr int DefaultTimeoutMs = 8000;
    static constexpr qint64 MaxPosterPositionMs = 1000;

    explicit VideoProbe(QObject *parent = nullptr);
    ~VideoProbe() override;

    void setTimeout(int ms) { m_timeoutMs = ms; }
    // Starts probing; ignored while a probe runs. finished() follows, even for a missing file.
    void start(const QString &path);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const estafette::VideoProbe::Result &result);

private:
    void onStatus(int status);
    void onFrame(const QVideoFrame &frame);
    void finish(const QString &error, bool timedOut = false);
    void readMetaData();
    void tearDown();

    int m_timeoutMs = DefaultTimeoutMs;
    bool m_running = false;
    bool m_waitingForDuration = false; // a sound whose duration comes after it is loaded
    bool m_seeking = false;   // a seek to the poster position was asked, frames before it are skipped
    qint64 m_posterUs = 0;
    QMediaPlayer *m_player = nullptr;
    QVideoSink *m_sink = nullptr;
    QAudioOutput *m_audio = nullptr;
    QTimer m_timeout;
    Result m_result;
    QImage m_lastFrame;       // any frame seen, in case none comes after the seek
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::VideoProbe::Result)
