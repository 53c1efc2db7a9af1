#pragma once

#include <QMediaPlayer>
#include <QUrl>
#include <QWidget>

#include <memory>

class QAudioOutput;
class QIODevice;
class QLabel;
class QPushButton;
class QSlider;
class QStackedWidget;
class QVideoWidget;

namespace estafette {

// Plays one video or sound in a window of its own: from a device (e.g. a decrypting device over an encrypted
// cache file, so no plaintext copy touches the disk) or from a local file. Play/pause, a seek bar, the time,
// volume and mute, full screen for video. Keys: Space plays or pauses, Left/Right go back or forward 5 s,
// Up/Down change the volume, M mutes, F (or a double click on the video) toggles full screen, Escape leaves
// full screen, then closes.
class MediaPlayerWindow : public QWidget {
    Q_OBJECT
public:
    explicit MediaPlayerWindow(QWidget *parent = nullptr);
    ~MediaPlayerWindow() override;

    // The window owns `device` until another source replaces it or the window goes. `name` is the file
    // name: shown, and a hint of its type for the backend. Starts playing.
    void openDevice(std::unique_ptr<QIODevice> device, const QString &name);
    void openFile(const QUrl &url, const QString &name = QString());

    QMediaPlayer *player() const { return m_player; }
    QAudioOutput *audioOutput() const { return m_audio; }
    void play();
    void pause();
    void togglePlayback();
    void seekBy(qint64 milliseconds);
    void setVolumePercent(int percent); // 0–100, as the volume slider shows it
    int volumePercent() const;
    void toggleMuted();
    void toggleFullScreen();
    QString errorText() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setName(const QString &name);
    void releaseSource();
    void onPosition(qint64 position);
    void onDuration(qint64 duration);
    void onPlaybackState(QMediaPlayer::PlaybackState state);
    void onHasVideo(bool hasVideo);
    void onError(QMediaPlayer::Error error, const QString &detail);
    void updateTime();
    void updateMuteButton();
    void updateFullScreenButton();

    QMediaPlayer *m_player;
    QAudioOutput *m_audio;
    std::unique_ptr<QIODevice> m_device; // after m_player is stopped and detached, may go
    QString m_name;
    QStackedWidget *m_screen;
    QVideoWidget *m_video;
    QLabel *m_soundIcon;
    QLabel *m_soundName;
    QPushButton *m_play;
    QSlider *m_seek;
    QLabel *m_time;
    QPushButton *m_mute;
    QSlider *m_volume;
    QPushButton *m_fullScreen;
    QLabel *m_status;
    bool m_settingSeek = false; // the slider follows the player: not a seek asked by the person
};

} // namespace estafette
