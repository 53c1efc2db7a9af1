#include "media/media_cache.h"

#include "session/store_bridge.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

Q_LOGGING_CATEGORY(lcMediaCache, "estafette.media.cache")

namespace estafette {

namespace {

const QString kCacheFolder = QStringLiteral("cache");

} // namespace

MediaCache::MediaCache(StoreBridge *store, const QString &mediaPath, QObject *parent)
    : QObject(parent)
    , m_index(store)
    , m_io(new QThread(this))
    , m_ioContext(new QObject)
    , m_mediaPath(mediaPath)
{
    m_io->setObjectName(QStringLiteral("estafette-media-io"));
    m_ioContext->moveToThread(m_io);
    m_io->start();
    QDir().mkpath(cacheDir());
    QFile::setPermissions(m_mediaPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile::setPermissions(cacheDir(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

MediaCache::~MediaCache()
{
    // Whatever writers queued (the last writes, fsyncs, removals of partial files) is done before the thread stops.
    QMetaObject::invokeMethod(m_ioContext, [] {}, Qt::BlockingQueuedConnection);
    m_io->quit();
    m_io->wait();
    delete m_ioContext;
}

QString MediaCache::cacheDir() const
{
    return QDir(m_mediaPath).filePath(kCacheFolder);
}

QString MediaCache::absolutePath(const QString &fileName) const
{
    return QDir(m_mediaPath).filePath(fileName);
}

QString MediaCache::thumbnailVariant(int width, int height, const QString &method)
{
    return QStringLiteral("thumb:%1x%2:%3").arg(width).arg(height).arg(method);
}

QString MediaCache::reserveFileName()
{
    QString name;
    do {
        quint32 words[4];
        QRandomGenerator::system()->fillRange(words);
        name = kCacheFolder + QLatin1Char('/')
               + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
    } while (m_reserved.contains(name) || QFileInfo::exists(absolutePath(name)));
    m_reserved.insert(name);
    return name;
}

void MediaCache::releaseFileName(const QString &fileName)
{
    m_reserved.remove(fileName);
}

bool MediaCache::usable(const MediaCacheEntry &entry) const
{
    if (!entry.file.isValid() || !entry.file.fileName.startsWith(kCacheFolder + QLatin1Char('/'))
        || entry.file.fileName.contains(QLatin1String("..")))
        return false;
    const QFileInfo info(absolutePath(entry.file.fileName));
    return info.isFile() && info.size() == entry.file.size;
}

void MediaCache::deleteFiles(const QList<MediaCacheEntry> &entries)
{
    QStringList paths;
    for (const MediaCacheEntry &entry : entries) {
        // Only ever a file of the cache folder, whatever a row says.
        if (entry.file.fileName.startsWith(kCacheFolder + QLatin1Char('/'))
            && !entry.file.fileName.contains(QLatin1String("..")))
            paths.append(absolutePath(entry.file.fileName));
        emit removed(entry.mxcUri, entry.variant);
    }
    if (paths.isEmpty())
        return;
    // Unlinking a large file can take a while: never on the GUI thread.
    (void)QtConcurrent::run([paths] {
        for (const QString &path : paths)
            QFile::remove(path);
    });
}

void MediaCache::setCapacity(qint64 bytes)
{
    const bool lower = bytes < m_capacity;
    m_capacity = qMax<qint64>(0, bytes);
    if (!lower)
        return;
    QPointer<MediaCache> self(this);
    m_index.evict(m_capacity, [self](const std::optional<QList<MediaCacheEntry>> &evicted) {
        if (self && evicted)
            self->deleteFiles(*evicted);
    });
}

void MediaCache::find(const QString &mxcUri, const QString &variant,
                      std::function<void(const std::optional<MediaCacheEntry> &)> done)
{
    QPointer<MediaCache> self(this);
    m_index.use(mxcUri, variant, [self, done](const std::optional<MediaCacheEntry> &entry) {
        if (!self)
            return;
        if (entry && !self->usable(*entry)) {
            qCInfo(lcMediaCache) << "dropping an unusable cache entry" << entry->file.fileName;
            self->m_index.remove(entry->mxcUri, entry->variant);
            self->deleteFiles({*entry});
            done(std::nullopt);
            return;
        }
        done(entry);
    });
}

void MediaCache::insert(const MediaCacheEntry &entry, std::function<void(bool)> done)
{
    QPointer<MediaCache> self(this);
    m_index.insert(entry, m_capacity, [self, entry, done](const MediaCacheInsert &result) {
        if (!self)
            return;
        if (!result.ok) {
            qCWarning(lcMediaCache) << "the store refused a cache entry";
            self->deleteFiles({entry});
        } else {
            self->deleteFiles(result.removed);
        }
        done(result.ok);
    });
}

void MediaCache::remove(const QString &mxcUri, const QString &variant)
{
    QPointer<MediaCache> self(this);
    m_index.get(mxcUri, variant, [self, mxcUri, variant](const std::optional<MediaCacheEntry> &entry) {
        if (!self || !entry)
            return;
        self->m_index.remove(mxcUri, variant, [self, entry](bool ok) {
            if (self && ok)
                self->deleteFiles({*entry});
        });
    });
}

void MediaCache::sweep(std::function<void(int)> done)
{
    QPointer<MediaCache> self(this);
    m_index.fileNames([self, done](const std::optional<QStringList> &names) {
        if (!self)
            return;
        if (!names) {
            // Unreadable is not "none": deleting everything would be wrong.
            if (done)
                done(0);
            return;
        }
        const QSet<QString> known(names->cbegin(), names->cend());
        // Listed and compared on this thread, where reservations are made: a file being written is reserved
        // before it exists, so it is never taken for an orphan.
        const QDir dir(self->cacheDir());
        const QStringList files = dir.entryList(QDir::Files | QDir::Hidden | QDir::System);
        int removed = 0;
        for (const QString &file : files) {
            const QString name = kCacheFolder + QLatin1Char('/') + file;
            if (known.contains(name) || self->m_reserved.contains(name))
                continue;
            if (QFile::remove(dir.filePath(file)))
                ++removed;
        }
        if (removed > 0)
            qCInfo(lcMediaCache) << "removed" << removed << "cache files no entry names";
        if (done)
            done(removed);
    });
}

} // namespace estafette
