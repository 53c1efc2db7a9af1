#include "media/media_cache_index.h"

#include "session/store_bridge.h"
#include "store/account_store.h"

#include <QDateTime>

namespace estafette {

void MediaCacheIndex::insert(const MediaCacheEntry &entry, qint64 capBytes,
                             std::function<void(const MediaCacheInsert &)> done)
{
    m_store->run<MediaCacheInsert>(
        [entry, capBytes](StoreWorkerState &state) {
            return state.store ? state.store->mediaCacheInsert(entry, capBytes, QDateTime::currentMSecsSinceEpoch())
                               : MediaCacheInsert{};
        },
        std::move(done));
}

void MediaCacheIndex::use(const QString &mxcUri, const QString &variant,
                          std::function<void(const std::optional<MediaCacheEntry> &)> done)
{
    m_store->run<std::optional<MediaCacheEntry>>(
        [mxcUri, variant](StoreWorkerState &state) -> std::optional<MediaCacheEntry> {
            if (!state.store)
                return std::nullopt;
            return state.store->mediaCacheUse(mxcUri, variant, QDateTime::currentMSecsSinceEpoch());
        },
        std::move(done));
}

void MediaCacheIndex::get(const QString &mxcUri, const QString &variant,
                          std::function<void(const std::optional<MediaCacheEntry> &)> done)
{
    m_store->run<std::optional<MediaCacheEntry>>(
        [mxcUri, variant](StoreWorkerState &state) -> std::optional<MediaCacheEntry> {
            if (!state.store)
                return std::nullopt;
            return state.store->mediaCacheGet(mxcUri, variant);
        },
        std::move(done));
}

void MediaCacheIndex::remove(const QString &mxcUri, const QString &variant, std::function<void(bool)> done)
{
    if (!done)
        done = [](bool) {};
    m_store->run<bool>(
        [mxcUri, variant](StoreWorkerState &state) {
            return state.store && state.store->mediaCacheRemove(mxcUri, variant);
        },
        std::move(done));
}

void MediaCacheIndex::evict(qint64 capBytes, std::function<void(const std::optional<QList<MediaCacheEntry>> &)> done)
{
    m_store->run<std::optional<QList<MediaCacheEntry>>>(
        [capBytes](StoreWorkerState &state) -> std::optional<QList<MediaCacheEntry>> {
            if (!state.store)
                return std::nullopt;
            return state.store->mediaCacheEvict(capBytes);
        },
        std::move(done));
}

void MediaCacheIndex::fileNames(std::function<void(const std::optional<QStringList> &)> done)
{
    m_store->run<std::optional<QStringList>>(
        [](StoreWorkerState &state) -> std::optional<QStringList> {
            if (!state.store)
                return std::nullopt;
            return state.store->mediaCacheFileNames();
        },
        std::move(done));
}

void MediaCacheIndex::totalSize(std::function<void(qint64)> done)
{
    m_store->run<qint64>([](StoreWorkerState &state) { return state.store ? state.store->mediaCacheTotalSize() : qint64(0); },
                         std::move(done));
}

} // namespace estafette
