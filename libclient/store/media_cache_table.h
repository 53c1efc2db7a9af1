#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace estafette {

class Database;
struct MediaCacheEntry;

// Table group "media cache": which encrypted file under the account's media folder holds an mxc URI's bytes
// (one row per URI and variant: the file, an encrypted attachment's ciphertext, a thumbnail of a size), the
// key, IV and SHA-256 of that file's ciphertext, and when it was last used, for least-recently-used eviction.
// Created by schema 2, reshaped by schema 7.
class MediaCacheTable {
public:
    explicit MediaCacheTable(Database &db) : m_db(db) {}

    static bool createV2(Database &db);
    // Schema 7: (mxc, variant) as the key; IV, SHA-256, MIME type and last use added. Rows of schema 2 had no
    // IV: they are kept with an empty one (never valid), used last, so the cache removes them and their files.
    static bool migrateV7(Database &db);

    // Inserts or replaces the row of (mxcUri, variant), its last use now. *replaced: the row it replaced.
    bool put(const MediaCacheEntry &entry, qint64 nowMs, std::optional<MediaCacheEntry> *replaced = nullptr);
    std::optional<MediaCacheEntry> get(const QString &mxcUri, const QString &variant);
    // Marks a row used now: it becomes the most recently used one, also within the same millisecond.
    bool touch(const QString &mxcUri, const QString &variant, qint64 nowMs);
    bool remove(const QString &mxcUri, const QString &variant);
    // Every row of the URI (the file, its ciphertext, each thumbnail size): a redacted message's media. Their files'
    // keys go with the rows, so what stays on disk can't be read; the cache's sweep deletes those files.
    bool removeUri(const QString &mxcUri);
    qint64 totalSize();
    // Removes least recently used rows until the sizes add up to at most capBytes, never the row of
    // (keepMxc, keepVariant); returns the removed rows, least recently used first.
    std::optional<QList<MediaCacheEntry>> evictBeyond(qint64 capBytes, const QString &keepMxc = {},
                                                      const QString &keepVariant = {});
    // nullopt when they could not be read (never take that for "none").
    std::optional<QStringList> fileNames();

private:
    Database &m_db;
};

} // namespace estafette
