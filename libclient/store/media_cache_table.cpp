#include "store/media_cache_table.h"

#include "store/account_store.h"
#include "store/database.h"
#include "store/statement.h"

namespace estafette {

bool MediaCacheTable::createV2(Database &db)
{
    return db.exec(
        "CREATE TABLE media_cache ("
        "  mxc TEXT PRIMARY KEY,"
        "  file_name TEXT NOT NULL,"
        "  file_key BLOB NOT NULL,"
        "  size INTEGER NOT NULL);");
}

bool MediaCacheTable::put(const MediaCacheEntry &entry)
{
    return m_db.cached("INSERT OR REPLACE INTO media_cache (mxc, file_name, file_key, size) VALUES (?, ?, ?, ?)")
        .bindText(1, entry.mxcUri)
        .bindText(2, entry.fileName)
        .bindBlob(3, entry.fileKey.isNull() ? QByteArray("") : entry.fileKey)
        .bindInt64(4, entry.size)
        .exec();
}

std::optional<MediaCacheEntry> MediaCacheTable::get(const QString &mxcUri)
{
    Statement &s = m_db.cached("SELECT file_name, file_key, size FROM media_cache WHERE mxc = ?");
    std::optional<MediaCacheEntry> entry;
    if (s.bindText(1, mxcUri).step() == Statement::Step::Row) {
        MediaCacheEntry e;
        e.mxcUri = mxcUri;
        e.fileName = s.text(0);
        e.fileKey = s.blob(1);
        e.size = s.int64(2);
        entry = e;
    }
    s.reset();
    return entry;
}

} // namespace estafette
