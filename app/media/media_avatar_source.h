#pragma once

#include "media/avatar_source.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QStringList>

namespace estafette {

class MediaSession;
struct StagedFile;

// Avatars from the account's media: the server's cropped thumbnail of the mxc URL (kPixels square, so it is
// sharp in a 38 px circle at twice the density), fetched through the encrypted media cache and decoded in the
// thread pool from a decrypting device. Decoded ones are kept in memory, the last kMaxAvatars used; one that
// fails (not an mxc URL, unknown to the server, not a picture) is remembered and never fetched again in this
// session, so a broken avatar costs one request, not one per repaint.
class MediaAvatarSource : public AvatarSource {
    Q_OBJECT
public:
    static constexpr int kPixels = 96;
    static constexpr int kMaxAvatars = 300;
    static constexpr qint64 kMaxBytes = qint64(2) << 20; // a thumbnail of 96 px is far smaller

    explicit MediaAvatarSource(MediaSession *media, QObject *parent = nullptr);

    QImage avatar(const QString &mxcUri) override;

    bool hasFailed(const QString &mxcUri) const { return m_failed.contains(mxcUri); }
    int pendingCount() const { return int(m_pending.size()); }
    int readyCount() const { return int(m_ready.size()); }
    // Fetches started since the source was made (a test sees that a broken one is not fetched in a loop).
    int fetchCount() const { return m_fetches; }

private:
    void decode(const QString &mxcUri, const StagedFile &file);
    void fail(const QString &mxcUri);
    void ready(const QString &mxcUri, const QImage &image);

    QPointer<MediaSession> m_media;
    QHash<QString, QImage> m_ready;
    QStringList m_readyOrder; // least recently used first
    QSet<QString> m_pending;
    QSet<QString> m_failed;
    int m_fetches = 0;
};

} // namespace estafette
