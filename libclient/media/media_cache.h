#pragma once

#include "media/media_cache_index.h"
#include "store/account_store.h" // MediaCacheEntry

#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

class QThread;

namespace estafette {

class StoreBridge;

// The account's media cache: files under <media>/cache/, each encrypted with a key kept in the database, indexed
// by the store's media_cache table through MediaCacheIndex (so the GUI thread never waits on the database). Holds at
// most capacity() bytes: storing a file removes the least recently used others beyond it and deletes their files
// (off the GUI thread). A row is written only once its file is complete on disk; a file no row names (a crash
// in between, a download cut short) is removed by sweep(). Lives on the GUI thread, like the StoreBridge; owns
// the media I/O thread where cache files are encrypted and written (CacheFileWriter). Destroy what writes into
// the cache (MediaDownloader) before it.
class MediaCache : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 DefaultCapacity = qint64(1) << 30; // 1 GiB

    MediaCache(StoreBridge *store, const QString &mediaPath, QObject *parent = nullptr);
    ~MediaCache() override; // lets the I/O thread finish what was queued, then stops it

    // Where CacheFileWriters of this cache do their encryption and disk writes.
    QThread *ioThread() const { return m_io; }

    QString mediaPath() const { return m_mediaPath; }
    // <media>/cache
    QString cacheDir() const;
    // The file of a StagedFile's fileName ("cache/<hex>"), under the media folder.
    QString absolutePath(const QString &fileName) const;

    qint64 capacity() const { return m_capacity; }
    // Lowering it removes least recently used entries now.
    void setCapacity(qint64 bytes);

    // The entry of (mxcUri, variant), marked used; nullopt when there is none. An entry that can't be used (its
    // file gone or of another size, no valid key) is removed and reported as none.
    void find(const QString &mxcUri, const QString &variant,
              std::function<void(const std::optional<MediaCacheEntry> &)> done);
    // Records a complete file (its name reserved with reserveFileName()), then deletes the files of the entries
    // this pushed out. done(false) when the store refused: the file is then deleted too.
    void insert(const MediaCacheEntry &entry, std::function<void(bool)> done);
    void remove(const QString &mxcUri, const QString &variant);
    // Deletes files under cache/ that no entry names, except those reserved (being written). done(removed).
    void sweep(std::function<void(int removed)> done = {});

    // A fresh name "cache/<32 hex>" for a file about to be written; sweep() leaves it alone until released.
    QString reserveFileName();
    void releaseFileName(const QString &fileName);

    // Variant names (see MediaCacheEntry::variant).
    static QString fileVariant() { return QString(QLatin1String("")); }
    static QString attachmentVariant() { return QStringLiteral("e2e"); }
    static QString thumbnailVariant(int width, int height, const QString &method);

signals:
    // An entry was removed (evicted, replaced or unusable): whoever shows its picture may drop it.
    void removed(const QString &mxcUri, const QString &variant);

private:
    void deleteFiles(const QList<MediaCacheEntry> &entries);
    bool usable(const MediaCacheEntry &entry) const;

    MediaCacheIndex m_index; // the table, through the store thread
    QThread *m_io;
    QObject *m_ioContext; // lives on m_io
    QString m_mediaPath;
    qint64 m_capacity = DefaultCapacity;
    QSet<QString> m_reserved;
};

} // namespace estafette
