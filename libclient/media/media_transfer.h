#pragma once

#include "media/media_request.h"
#include "net/retry_policy.h"

#include <QObject>
#include <QPointer>

class QTimer;

namespace estafette {

class CacheFileWriter;
class MediaCache;
class PendingRequest;
struct HttpResponse;

// One media file into the cache: a cache hit, or a download streamed into a new cache file (encrypted while
// written, or an attachment's ciphertext hash-checked while written), then recorded in the cache. A body cut
// short after some of it arrived starts again from the beginning (HttpClient retries what failed before any
// byte came), up to `restarts` attempts. Emits finished() exactly once (also for cancel()); the owner deletes it.
class MediaTransfer : public QObject {
    Q_OBJECT
public:
    MediaTransfer(const MediaRequest &request, MediaApi *api, MediaCache *cache, QObject *parent = nullptr);
    ~MediaTransfer() override;

    // Starts; finished() never comes from within start().
    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    const MediaRequest &request() const { return m_request; }
    void setRestartPolicy(const RetryPolicy &policy) { m_restartPolicy = policy; }

signals:
    void progress(qint64 received, qint64 total);
    void finished(const estafette::FetchedMedia &result);

private:
    void onCached(const std::optional<MediaCacheEntry> &entry);
    void startDownload();
    void onResponse(const HttpResponse &response);
    void onWritten(const StagedFile &file, const MediaError &error);
    void fail(const MediaError &error);
    void complete(const FetchedMedia &result);
    void dropWriter();
    MediaError errorOf(const HttpResponse &response) const;

    MediaRequest m_request;
    QString m_variant;
    MediaApi *m_api;
    QPointer<MediaCache> m_cache;
    RetryPolicy m_restartPolicy{4, 1000, 15000};
    int m_attempts = 0;
    QTimer *m_restartTimer;
    CacheFileWriter *m_writer = nullptr;
    QString m_fileName; // reserved in the cache while it is written
    QPointer<PendingRequest> m_http;
    QString m_contentType;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace estafette
