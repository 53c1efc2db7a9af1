#include "media/media_fetch.h"

#include "media/media_downloader.h"

namespace estafette {

MediaFetch::MediaFetch(const MediaRequest &request, MediaDownloader *downloader)
    : QObject(downloader)
    , m_request(request)
    , m_downloader(downloader)
{
}

void MediaFetch::cancel()
{
    if (m_finished)
        return;
    m_downloader->leave(this);
    FetchedMedia result;
    result.error = MediaError::make(MediaError::Kind::Cancelled);
    deliver(result);
}

void MediaFetch::deliver(const FetchedMedia &result)
{
    if (m_finished)
        return;
    m_finished = true;
    QPointer<MediaFetch> self(this);
    emit finished(result);
    if (self)
        deleteLater();
}

} // namespace estafette
