#pragma once

#include "media/media_request.h"

#include <QObject>

namespace estafette {

class MediaDownloader;

// One caller's wait for a media file (MediaDownloader::fetch). Emits finished() exactly once, never from within
// fetch(), then deletes itself (deleteLater); do not delete it yourself. cancel() ends it with Cancelled and
// emits finished() before returning; the download itself stops when no caller wants it any more.
class MediaFetch : public QObject {
    Q_OBJECT
public:
    const MediaRequest &request() const { return m_request; }
    bool isFinished() const { return m_finished; }
    void cancel();

signals:
    void progress(qint64 received, qint64 total); // total -1 when unknown
    void finished(const estafette::FetchedMedia &result);

private:
    friend class MediaDownloader;
    MediaFetch(const MediaRequest &request, MediaDownloader *downloader);
    void deliver(const FetchedMedia &result);

    MediaRequest m_request;
    MediaDownloader *m_downloader;
    bool m_finished = false;
};

} // namespace estafette
