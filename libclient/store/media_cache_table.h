#pragma once

#include <QString>

#include <optional>

namespace estafette {

class Database;
struct MediaCacheEntry;

// Table group "media cache" (schema 2): which encrypted file under the account's media folder holds an mxc
// URI's bytes, and the key of that file.
class MediaCacheTable {
public:
    explicit MediaCacheTable(Database &db) : m_db(db) {}

    static bool createV2(Database &db);

    bool put(const MediaCacheEntry &entry);
    std::optional<MediaCacheEntry> get(const QString &mxcUri);

private:
    Database &m_db;
};

} // namespace estafette
