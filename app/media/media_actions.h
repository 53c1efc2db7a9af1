#pragma once

#include "events/media_content.h"
#include "models/download_progress_source.h"

#include <QHash>
#include <QPointer>
#include <QTemporaryDir>

#include <functional>
#include <memory>

class QWidget;

namespace estafette {

class MediaFetch;
class MediaSession;
class Room;
struct FetchedMedia;

// What the person does with a file, a photo, a video or a sound of the timeline: save it (decrypted while it is
// written, its SHA-256 checked first), open it with the system's application (decrypted into a private 0700
// folder removed when the app exits; a program asks first), play it (a decrypting device over the encrypted
// cache file: no plaintext on disk, never whole in memory), or look at a room's photos in the viewer. Downloads it
// starts show their progress on the row (DownloadProgressSource, keyed by the file's mxc URI) and can be cancelled.
class MediaActions : public DownloadProgressSource {
    Q_OBJECT
public:
    MediaActions(MediaSession *media, QWidget *window, QObject *parent = nullptr);
    ~MediaActions() override;

    std::optional<TransferProgress> progress(const QString &key) const override;

    void save(const MediaContent &media);                       // asks where, then saveTo()
    // Answered by saved(), and `then` (error empty: saved) when given.
    void saveTo(const MediaContent &media, const QString &path, std::function<void(const QString &error)> then = {});
    void open(const MediaContent &media);
    void play(const MediaContent &media);
    void openImage(Room *room, const QString &eventId, const MediaContent &media);
    void cancelDownload(const QString &key);

    // Where open() puts decrypted copies (created on first use, 0700, removed with this object).
    QString privateFolder();

signals:
    void saved(const QString &path, const QString &error); // error empty: saved
    void opened(const QString &path);                       // the decrypted copy handed to the system
    void problem(const QString &sentence);                  // a download or a save that failed

private:
    // The file (downloaded and checked when needed), then `done` on this thread.
    void fetch(const MediaContent &media, std::function<void(const FetchedMedia &)> done);

    QPointer<MediaSession> m_media;
    QPointer<QWidget> m_window;
    QHash<QString, QPointer<MediaFetch>> m_fetches;
    QHash<QString, TransferProgress> m_progress;
    std::unique_ptr<QTemporaryDir> m_private;
};

} // namespace estafette
