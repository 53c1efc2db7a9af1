#include "media/media_cache_index.h"

#include "session/store_bridge.h"
#include "store/account_store.h"

#include <QDateTime>

namespace estafette {

template<typename Result, typename Work>
void MediaCacheIndex::ask(Result closed, Work work, std::function<void(const Result &)> done)
{
    m_store->run<Result>(
        [closed = std::move(closed), work = std::move(work)](StoreWorkerState &state) -> Result {
            return state.store ? Result(work(*state.store)) : closed;
        },
        std::move(done));
}

void MediaCacheIndex::insert(const MediaCacheEntry &entry, qint64 capBytes,
                             std::function<void(const MediaCacheInsert &)> done)
{
    ask<MediaCacheInsert>({}, [entry, capBytes](AccountStore &s) {
        return s.mediaCacheInsert(entry, capBytes, QDateTime::currentMSecsSinceEpoch());
    }, std::move(done));
}

void MediaCacheIndex::use(const QString &mxcUri, const QString &variant,
                          std::function<void(const std::optional<MediaCacheEntry> &)> done)
{
    ask<std::optional<MediaCacheEntry>>(std::nullopt, [mxcUri, variant](AccountStore &s) {
        return s.mediaCacheUse(mxcUri, variant, QDateTime::currentMSecsSinceEpoch());
    }, std::move(done));
}

void MediaCacheIndex::get(const QString &mxcUri, const QString &variant,
                          std::function<void(const std::optional<MediaCacheEntry> &)> done)
{
    ask<std::optional<MediaCacheEntry>>(std::nullopt, [mxcUri, variant](AccountStore &s) {
        return s.mediaCacheGet(mxcUri, variant);
    }, std::move(done));
}

void MediaCacheIndex::remove(const QString &mxcUri, const QString &variant, std::function<void(bool)> done)
{
    if (!done)
        done = [](bool) {};
    ask<bool>(false, [mxcUri, variant](AccountStore &s) { return s.mediaCacheRemove(mxcUri, variant); },
              std::move(done));
}

void MediaCacheIndex::evict(qint64 capBytes, std::function<void(const std::optional<QList<MediaCacheEntry>> &)> done)
{
    ask<std::optional<QList<MediaCacheEntry>>>(std::nullopt,
                                               [capBytes](AccountStore &s) { return s.mediaCacheEvict(capBytes); },
                                               std::move(done));
}

void MediaCacheIndex::fileNames(std::function<void(const std::optional<QStringList> &)> done)
{
    ask<std::optional<QStringList>>(std::nullopt, [](AccountStore &s) { return s.mediaCacheFileNames(); },
                                    std::move(done));
}

void MediaCacheIndex::totalSize(std::function<void(qint64)> done)
{
    ask<qint64>(0, [](AccountStore &s) { return s.mediaCacheTotalSize(); }, std::move(done));
}

} // namespace estafette
