#include "media/media_downloader.h"

#include "media/media_fetch.h"
#include "media/media_transfer.h"

namespace estafette {

MediaDownloader::MediaDownloader(MediaApi *api, MediaCache *cache, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_cache(cache)
{
}

MediaDownloader::~MediaDownloader()
{
    // Transfers are children: they go with us (their partial files removed) without telling anyone.
    for (Shared &shared : m_transfers)
        shared.transfer->disconnect(this);
}

QString MediaDownloader::keyOf(const MediaRequest &request)
{
    return request.mxcUri + QLatin1Char('\n') + request.variant();
}

MediaFetch *MediaDownloader::fetch(const MediaRequest &request)
{
    auto *fetch = new MediaFetch(request, this);
    const QString key = keyOf(request);
    auto it = m_transfers.find(key);
    if (it == m_transfers.end()) {
        auto *transfer = new MediaTransfer(request, m_api, m_cache, this);
        transfer->setRestartPolicy(m_restartPolicy);
        it = m_transfers.insert(key, Shared{transfer, {}, 0, -1});
        connect(transfer, &MediaTransfer::progress, this, [this, key](qint64 received, qint64 total) {
            auto found = m_transfers.find(key);
            if (found == m_transfers.end())
                return;
            found->received = received;
            found->total = total;
            const QList<QPointer<MediaFetch>> waiting = found->waiting;
            for (const QPointer<MediaFetch> &f : waiting) {
                if (f && !f->isFinished())
                    emit f->progress(received, total);
            }
        });
        connect(transfer, &MediaTransfer::finished, this,
                [this, key](const FetchedMedia &result) { onTransferFinished(key, result); });
        transfer->start();
    }
    it->waiting.append(fetch);
    return fetch;
}

void MediaDownloader::onTransferFinished(const QString &key, const FetchedMedia &result)
{
    auto it = m_transfers.find(key);
    if (it == m_transfers.end())
        return;
    const Shared shared = *it;
    m_transfers.erase(it);
    shared.transfer->deleteLater();
    for (const QPointer<MediaFetch> &fetch : shared.waiting) {
        if (fetch)
            fetch->deliver(result);
    }
}

void MediaDownloader::leave(MediaFetch *fetch)
{
    const QString key = keyOf(fetch->request());
    auto it = m_transfers.find(key);
    if (it == m_transfers.end())
        return;
    it->waiting.removeAll(fetch);
    for (const QPointer<MediaFetch> &other : std::as_const(it->waiting)) {
        if (other && !other->isFinished())
            return; // someone still wants it
    }
    MediaTransfer *transfer = it->transfer;
    m_transfers.erase(it);
    transfer->disconnect(this);
    transfer->cancel();
    transfer->deleteLater();
}

} // namespace estafette
