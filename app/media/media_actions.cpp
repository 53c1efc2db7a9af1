#include "media/media_actions.h"

#include "media/ctr_decrypting_device.h"
#include "media/device_saver.h"
#include "media/image_viewer.h"
#include "media/media_downloader.h"
#include "media/media_error_text.h"
#include "media/media_fetch.h"
#include "media/media_player_window.h"
#include "media/media_request.h"
#include "media/room_image_source.h"
#include "session/media_session.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QStandardPaths>
#include <QUrl>
#include <QWidget>

namespace estafette {

MediaActions::MediaActions(MediaSession *media, QWidget *window, QObject *parent)
    : DownloadProgressSource(parent), m_media(media), m_window(window)
{
}

MediaActions::~MediaActions()
{
    for (const QPointer<MediaFetch> &fetch : std::as_const(m_fetches)) {
        if (fetch)
            fetch->cancel();
    }
}

std::optional<TransferProgress> MediaActions::progress(const QString &key) const
{
    const auto it = m_progress.constFind(key);
    if (it == m_progress.cend())
        return std::nullopt;
    return *it;
}

void MediaActions::fetch(const MediaContent &media, std::function<void(const FetchedMedia &)> done)
{
    if (!m_media)
        return;
    MediaRequest request;
    request.mxcUri = media.source().url;
    request.encrypted = media.source().file;
    const QString key = request.mxcUri;
    MediaFetch *fetch = m_media->downloader()->fetch(request);
    m_fetches.insert(key, fetch);
    m_progress.insert(key, TransferProgress{0, media.size() > 0 ? media.size() : 0});
    emit progressChanged(key);
    connect(fetch, &MediaFetch::progress, this, [this, key](qint64 received, qint64 total) {
        m_progress.insert(key, TransferProgress{received, total > 0 ? total : 0});
        emit progressChanged(key);
    });
    connect(fetch, &MediaFetch::finished, this, [this, key, done](const FetchedMedia &result) {
        m_fetches.remove(key);
        m_progress.remove(key);
        emit progressChanged(key);
        if (!result.ok()) {
            if (result.error.kind != MediaError::Kind::Cancelled)
                emit problem(mediaErrorText(result.error));
            return;
        }
        done(result);
    });
}

void MediaActions::cancelDownload(const QString &key)
{
    if (const QPointer<MediaFetch> fetch = m_fetches.value(key))
        fetch->cancel();
}

void MediaActions::save(const MediaContent &media)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    auto *dialog = new QFileDialog(m_window, tr("Save the file"), QDir(folder).filePath(media.safeFileName()));
    dialog->setObjectName(QStringLiteral("saveFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, media](const QString &path) { saveTo(media, path); });
    dialog->open();
}

void MediaActions::saveTo(const MediaContent &media, const QString &path,
                          std::function<void(const QString &error)> then)
{
    fetch(media, [this, path, then](const FetchedMedia &result) {
        const QString mediaPath = m_media ? m_media->mediaPath() : QString();
        auto device = std::make_unique<CtrDecryptingDevice>(mediaPath, result.entry.file);
        // Checked again before anything is decrypted: a cache file altered on disk is never saved.
        if (!device->verifyCiphertext().ok() || !device->open(QIODevice::ReadOnly)) {
            const QString error = tr("The copy on this computer is damaged: the file was not saved.");
            emit problem(error);
            emit saved(path, error);
            if (then)
                then(error);
            return;
        }
        auto *watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path, then] {
            watcher->deleteLater();
            const QString error = watcher->result();
            if (!error.isEmpty())
                emit problem(error);
            emit saved(path, error);
            if (then)
                then(error);
        });
        watcher->setFuture(DeviceSaver::save(std::move(device), path));
    });
}

QString MediaActions::privateFolder()
{
    if (!m_private) {
        m_private = std::make_unique<QTemporaryDir>(QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                                                        .filePath(QStringLiteral("estafette-open-XXXXXX")));
        if (!m_private->isValid())
            return {};
        QFile::setPermissions(m_private->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    return m_private->path();
}

void MediaActions::open(const MediaContent &media)
{
    if (media.isExecutable()) {
        const auto answer = QMessageBox::warning(
            m_window, tr("Open a program?"),
            tr("“%1” is a program or a script. Opening it may run it on this computer. Open it anyway?")
                .arg(media.safeFileName()),
            QMessageBox::Open | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Open)
            return;
    }
    const QString folder = privateFolder();
    if (folder.isEmpty()) {
        emit problem(tr("No private folder could be made to open the file."));
        return;
    }
    const QString path = QDir(folder).filePath(media.safeFileName());
    saveTo(media, path, [this, path](const QString &error) {
        if (!error.isEmpty())
            return;
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        emit opened(path);
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });
}

void MediaActions::play(const MediaContent &media)
{
    fetch(media, [this, media](const FetchedMedia &result) {
        auto device = std::make_unique<CtrDecryptingDevice>(m_media ? m_media->mediaPath() : QString(), result.entry.file);
        if (!device->open(QIODevice::ReadOnly)) {
            emit problem(tr("The file on this computer cannot be read."));
            return;
        }
        auto *player = new MediaPlayerWindow(m_window);
        player->setAttribute(Qt::WA_DeleteOnClose);
        player->openDevice(std::move(device), media.safeFileName());
        player->show();
        player->play();
    });
}

void MediaActions::openImage(Room *room, const QString &eventId, const MediaContent &media)
{
    Q_UNUSED(media)
    auto *source = new RoomImageSource(m_media, room);
    const int index = source->indexOf(eventId);
    if (index < 0) {
        delete source;
        return;
    }
    auto *viewer = new ImageViewer(source, index, m_window);
    source->setParent(viewer);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->show();
}

} // namespace estafette
