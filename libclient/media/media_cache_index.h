#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace estafette {

class StoreBridge;
struct MediaCacheEntry;
struct MediaCacheInsert;

// The media cache's index (the store's media_cache table, see AccountStore's mediaCache* operations), reached
// from the GUI thread: each call runs on the store thread through StoreBridge::run() and answers on the caller's
// thread, in the order made. The time of use is taken on the store thread. A store not open answers as failed.
class MediaCacheIndex {
public:
    explicit MediaCacheIndex(StoreBridge *store) : m_store(store) {}

    void insert(const MediaCacheEntry &entry, qint64 capBytes, std::function<void(const MediaCacheInsert &)> done);
    void use(const QString &mxcUri, const QString &variant, std::function<void(const std::optional<MediaCacheEntry> &)> done);
    void get(const QString &mxcUri, const QString &variant, std::function<void(const std::optional<MediaCacheEntry> &)> done);
    void remove(const QString &mxcUri, const QString &variant, std::function<void(bool)> done = {});
    // nullopt when it failed.
    void evict(qint64 capBytes, std::function<void(const std::optional<QList<MediaCacheEntry>> &)> done);
    void fileNames(std::function<void(const std::optional<QStringList> &)> done);
    void totalSize(std::function<void(qint64)> done);

private:
    // `work` over the open store on the store thread (`closed` when it is not open), `done` with its result here.
    template<typename Result, typename Work>
    void ask(Result closed, Work work, std::function<void(const Result &)> done);

    StoreBridge *m_store;
};

} // namespace estafette
