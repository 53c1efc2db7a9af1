#include "media_player_window.h"

#include "media/duration_text.h"
#include "media/file_type_icon.h"

#include <QAudio>
#include <QAudioOutput>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIODevice>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QVideoWidget>

#include <algorithm>
#include <limits>

namespace estafette {

namespace {
constexpr qint64 kSeekStep = 5000;
constexpr int kVolumeStep = 5;

QPushButton *button(const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(objectName);
    b->setAutoDefault(false);
    return b;
}
} // namespace

MediaPlayerWindow::MediaPlayerWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_player(new QMediaPlayer(this))
    , m_audio(new QAudioOutput(this))
    , m_screen(new QStackedWidget(this))
    , m_video(new QVideoWidget(m_screen))
    , m_soundIcon(new QLabel(m_screen))
    , m_soundName(new QLabel(m_screen))
    , m_play(button(QStringLiteral("playPause"), this))
    , m_seek(new QSlider(Qt::Horizontal, this))
    , m_time(new QLabel(this))
    , m_mute(button(QStringLiteral("mute"), this))
    , m_volume(new QSlider(Qt::Horizontal, this))
    , m_fullScreen(button(QStringLiteral("fullScreen"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("mediaPlayer"));
    setWindowTitle(tr("Player"));
    resize(800, 560);

    m_player->setAudioOutput(m_audio);
    m_player->setVideoOutput(m_video);
    m_screen->setObjectName(QStringLiteral("screen"));
    m_video->setObjectName(QStringLiteral("video"));
    m_video->setAccessibleName(tr("Video"));
    m_video->setAccessibleDescription(tr("Double click or F: full screen."));
    m_video->installEventFilter(this);

    // For a sound, its icon and name where a video would be.
    auto *soundPage = new QWidget(m_screen);
    auto *soundLayout = new QVBoxLayout(soundPage);
    soundLayout->addStretch(1);
    soundLayout->addWidget(m_soundIcon, 0, Qt::AlignHCenter);
    soundLayout->addWidget(m_soundName, 0, Qt::AlignHCenter);
    soundLayout->addStretch(1);
    m_soundIcon->setObjectName(QStringLiteral("soundIcon"));
    m_soundName->setObjectName(QStringLiteral("soundName"));
    m_soundIcon->setPixmap(FileTypeIcon::pixmap(FileTypeIcon::Kind::Audio, QString(), 72,
                                                palette().color(QPalette::WindowText), devicePixelRatioF()));
    m_soundIcon->setAccessibleName(FileTypeIcon::description(FileTypeIcon::Kind::Audio));
    m_screen->addWidget(m_video);
    m_screen->addWidget(soundPage);

    m_seek->setObjectName(QStringLiteral("seek"));
    m_seek->setAccessibleName(tr("Position"));
    m_seek->setRange(0, 0);
    m_seek->setSingleStep(int(kSeekStep));
    m_seek->setPageStep(int(6 * kSeekStep));
    m_time->setObjectName(QStringLiteral("time"));
    m_time->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00:00:00 / 00:00:00")));
    m_volume->setObjectName(QStringLiteral("volume"));
    m_volume->setAccessibleName(tr("Volume"));
    m_volume->setRange(0, 100);
    m_volume->setSingleStep(kVolumeStep);
    m_volume->setPageStep(4 * kVolumeStep);
    m_volume->setMaximumWidth(140);
    m_status->setObjectName(QStringLiteral("playerStatus"));
    m_status->setWordWrap(true);
    m_status->hide();
    m_play->setToolTip(tr("Play or pause (Space)"));
    m_mute->setToolTip(tr("Sound off or on (M)"));
    m_fullScreen->setToolTip(tr("Full screen (F)"));

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(8, 4, 8, 4);
    controls->addWidget(m_play);
    controls->addWidget(m_seek, 1);
    controls->addWidget(m_time);
    controls->addWidget(m_mute);
    controls->addWidget(m_volume);
    controls->addWidget(m_fullScreen);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    layout->addWidget(m_screen, 1);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    m_status->setContentsMargins(8, 0, 8, 0);

    connect(m_play, &QPushButton::clicked, this, &MediaPlayerWindow::togglePlayback);
    connect(m_mute, &QPushButton::clicked, this, &MediaPlayerWindow::toggleMuted);
    connect(m_fullScreen, &QPushButton::clicked, this, &MediaPlayerWindow::toggleFullScreen);
    connect(m_seek, &QSlider::valueChanged, this, [this](int value) {
        if (!m_settingSeek)
            m_player->setPosition(value);
    });
    connect(m_volume, &QSlider::valueChanged, this, [this](int value) {
        // The slider is what the ear hears as even steps; the output wants a linear factor.
        m_audio->setVolume(float(QAudio::convertVolume(value / 100.0, QAudio::LogarithmicVolumeScale,
                                                       QAudio::LinearVolumeScale)));
        if (value > 0 && m_audio->isMuted())
            m_audio->setMuted(false);
    });
    connect(m_audio, &QAudioOutput::mutedChanged, this, &MediaPlayerWindow::updateMuteButton);
    connect(m_player, &QMediaPlayer::positionChanged, this, &MediaPlayerWindow::onPosition);
    connect(m_player, &QMediaPlayer::durationChanged, this, &MediaPlayerWindow::onDuration);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &MediaPlayerWindow::onPlaybackState);
    connect(m_player, &QMediaPlayer::hasVideoChanged, this, &MediaPlayerWindow::onHasVideo);
    // hasVideoChanged() says nothing when a sound follows a sound: once loaded, the picture or the icon.
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (status == QMediaPlayer::LoadedMedia || status == QMediaPlayer::BufferedMedia)
            onHasVideo(m_player->hasVideo());
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, &MediaPlayerWindow::onError);
    connect(m_player, &QMediaPlayer::seekableChanged, m_seek, &QSlider::setEnabled);

    m_volume->setValue(80);
    onPlaybackState(QMediaPlayer::StoppedState);
    updateMuteButton();
    updateFullScreenButton();
    updateTime();
    m_seek->setEnabled(false);
    m_play->setFocus(); // Space plays at once, Tab starts from there
}

MediaPlayerWindow::~MediaPlayerWindow()
{
    // The backend reads the device until it is detached: before m_device goes.
    releaseSource();
}

void MediaPlayerWindow::releaseSource()
{
    m_player->stop();
    m_player->setSource(QUrl());
    m_device.reset();
}

void MediaPlayerWindow::setName(const QString &name)
{
    m_name = name;
    setWindowTitle(name.isEmpty() ? tr("Player") : tr("%1 – Player").arg(name));
    m_soundName->setText(name);
    m_status->hide();
    m_status->clear();
}

void MediaPlayerWindow::openDevice(std::unique_ptr<QIODevice> device, const QString &name)
{
    releaseSource();
    setName(name);
    if (!device || (!device->isOpen() && !device->open(QIODevice::ReadOnly))) {
        onError(QMediaPlayer::ResourceError, device ? device->errorString() : QString());
        return;
    }
    m_device = std::move(device);
    // The URL is only a hint of the type (the backend may look at its suffix); the bytes come from the device.
    m_player->setSourceDevice(m_device.get(), QUrl(QFileInfo(name).fileName()));
    play();
}

void MediaPlayerWindow::openFile(const QUrl &url, const QString &name)
{
    releaseSource();
    setName(name.isEmpty() ? url.fileName() : name);
    m_player->setSource(url);
    play();
}

void MediaPlayerWindow::play()
{
    m_player->play();
}

void MediaPlayerWindow::pause()
{
    m_player->pause();
}

void MediaPlayerWindow::togglePlayback()
{
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    else
        m_player->play();
}

void MediaPlayerWindow::seekBy(qint64 milliseconds)
{
    if (!m_player->isSeekable())
        return;
    const qint64 duration = m_player->duration();
    qint64 target = std::max<qint64>(0, m_player->position() + milliseconds);
    if (duration > 0)
        target = std::min(target, duration);
    m_player->setPosition(target);
}

void MediaPlayerWindow::setVolumePercent(int percent)
{
    m_volume->setValue(std::clamp(percent, 0, 100));
}

int MediaPlayerWindow::volumePercent() const
{
    return m_volume->value();
}

void MediaPlayerWindow::toggleMuted()
{
    m_audio->setMuted(!m_audio->isMuted());
}

void MediaPlayerWindow::toggleFullScreen()
{
    if (isFullScreen())
        showNormal();
    else
        showFullScreen();
    updateFullScreenButton();
}

QString MediaPlayerWindow::errorText() const
{
    return m_status->isVisible() ? m_status->text() : QString();
}

void MediaPlayerWindow::onPosition(qint64 position)
{
    if (!m_seek->isSliderDown()) {
        m_settingSeek = true;
        m_seek->setValue(int(std::min<qint64>(position, std::numeric_limits<int>::max())));
        m_settingSeek = false;
    }
    updateTime();
}

void MediaPlayerWindow::onDuration(qint64 duration)
{
    m_settingSeek = true;
    m_seek->setRange(0, int(std::clamp<qint64>(duration, 0, std::numeric_limits<int>::max())));
    m_settingSeek = false;
    updateTime();
}

void MediaPlayerWindow::updateTime()
{
    const QString now = DurationText::format(m_player->position());
    const QString total = DurationText::format(m_player->duration());
    m_time->setText(tr("%1 / %2").arg(now, total));
    m_seek->setAccessibleDescription(tr("%1 of %2").arg(now, total));
}

void MediaPlayerWindow::onPlaybackState(QMediaPlayer::PlaybackState state)
{
    const bool playing = state == QMediaPlayer::PlayingState;
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

void MediaPlayerWindow::onHasVideo(bool hasVideo)
{
    m_screen->setCurrentIndex(hasVideo ? 0 : 1);
    m_fullScreen->setEnabled(hasVideo);
    if (!hasVideo && isFullScreen())
        toggleFullScreen();
}

void MediaPlayerWindow::onError(QMediaPlayer::Error error, const QString &detail)
{
    if (error == QMediaPlayer::NoError)
        return;
    QString sentence;
    switch (error) {
    case QMediaPlayer::FormatError:
        sentence = tr("This file can't be played: its format is not supported or it is damaged.");
        break;
    case QMediaPlayer::ResourceError:
        sentence = tr("This file can't be read.");
        break;
    default:
        sentence = tr("This file can't be played.");
        break;
    }
    if (!detail.isEmpty())
        sentence += QLatin1Char(' ') + tr("(%1)").arg(detail);
    m_status->setText(sentence);
    m_status->show();
}

void MediaPlayerWindow::updateMuteButton()
{
    m_mute->setText(m_audio->isMuted() ? tr("Sound on") : tr("Mute"));
}

void MediaPlayerWindow::updateFullScreenButton()
{
    m_fullScreen->setText(isFullScreen() ? tr("Leave full screen") : tr("Full screen"));
}

void MediaPlayerWindow::keyPressEvent(QKeyEvent *event)
{
    // Keys the focused control did not use.
    if (event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier)) {
        QWidget::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Space:
    case Qt::Key_K:
    case Qt::Key_MediaTogglePlayPause:
        togglePlayback();
        break;
    case Qt::Key_Left:
        seekBy(-kSeekStep);
        break;
    case Qt::Key_Right:
        seekBy(kSeekStep);
        break;
    case Qt::Key_Up:
        setVolumePercent(volumePercent() + kVolumeStep);
        break;
    case Qt::Key_Down:
        setVolumePercent(volumePercent() - kVolumeStep);
        break;
    case Qt::Key_M:
        toggleMuted();
        break;
    case Qt::Key_F:
    case Qt::Key_F11:
        if (m_player->hasVideo() || isFullScreen())
            toggleFullScreen();
        break;
    case Qt::Key_Escape:
        if (isFullScreen())
            toggleFullScreen();
        else
            close();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

bool MediaPlayerWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_video && event->type() == QEvent::MouseButtonDblClick) {
        toggleFullScreen();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void MediaPlayerWindow::closeEvent(QCloseEvent *event)
{
    // Closed means silent, even if the window is kept for later.
    m_player->pause();
    QWidget::closeEvent(event);
}

} // namespace estafette
