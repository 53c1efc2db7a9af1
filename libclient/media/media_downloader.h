#pragma once

#include "media/media_request.h"
#include "net/retry_policy.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace estafette {

class MediaApi;
class MediaCache;
class MediaFetch;
class MediaTransfer;

// Media files for whoever shows them: fetch() answers from the cache or downloads into it (see MediaTransfer),
// several at once, and at most one download per file and variant: callers asking for the same one share it
// (each with its own MediaFetch, progress and cancel). Lives on the GUI thread with the cache and the HttpClient;
// what runs there per chunk is a read, an AES-CTR pass (or a SHA-256 update) and a write of at most 64 KiB.
class MediaDownloader : public QObject {
    Q_OBJECT
public:
    MediaDownloader(MediaApi *api, MediaCache *cache, QObject *parent = nullptr);
    ~MediaDownloader() override;

    MediaFetch *fetch(const MediaRequest &request);
    // How often (and after what delay) a download whose body was cut short starts again from the beginning.
    void setRestartPolicy(const RetryPolicy &policy) { m_restartPolicy = policy; }
    // Downloads in flight (shared ones count once).
    int activeTransfers() const { return int(m_transfers.size()); }

private:
    friend class MediaFetch;
    struct Shared {
        MediaTransfer *transfer = nullptr;
        QList<QPointer<MediaFetch>> waiting;
        qint64 received = 0;
        qint64 total = -1;
    };
    static QString keyOf(const MediaRequest &request);
    void onTransferFinished(const QString &key, const FetchedMedia &result);
    void leave(MediaFetch *fetch);

    MediaApi *m_api;
    MediaCache *m_cache;
    QHash<QString, Shared> m_transfers;
    RetryPolicy m_restartPolicy{4, 1000, 15000};
};

} // namespace estafette
