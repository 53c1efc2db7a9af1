#pragma once

#include "models/thumbnail_source.h"

#include <QHash>
#include <QPointer>

namespace estafette {

class MediaSession;
class Outbox;
struct StagedFile;

// The timeline's pictures from the account's encrypted media cache: a thumbnail the event announces (or, when it
// announces none, the server's /thumbnail of a plain file, or the encrypted file itself), downloaded and checked
// by MediaDownloader, then decoded and scaled in the thread pool from a decrypting device over the cache file, so
// no plaintext is ever on disk. A local echo's picture is its staged thumbnail. Kept in memory by key (about the
// last 200 pictures); a picture evicted from the disk cache is forgotten too.
class MediaThumbnails : public ThumbnailSource {
    Q_OBJECT
public:
    // Largest encrypted file fetched only to make a picture of it (when it announces no thumbnail).
    static constexpr qint64 kMaxInlineFetch = qint64(32) << 20;

    MediaThumbnails(MediaSession *media, Outbox *outbox, QObject *parent = nullptr);

    Result thumbnail(const QString &key) const override;
    void request(const ThumbnailRequest &request) override;

    int readyCount() const { return m_readyOrder.size(); }

private:
    void decode(const QString &key, const StagedFile &file, const QSize &box);
    void fail(const QString &key, const QString &problem);
    void ready(const QString &key, const QImage &image);

    QPointer<MediaSession> m_media;
    QPointer<Outbox> m_outbox;
    QHash<QString, Result> m_results;
    QStringList m_readyOrder; // oldest first, for the memory bound
};

} // namespace estafette
