#include "store/media_cache_table.h"

#include "store/account_store.h"
#include "store/database.h"
#include "store/statement.h"

namespace estafette {

namespace {

constexpr const char *kColumns = "mxc, variant, file_name, file_key, file_iv, file_sha256, size, mime_type, last_used_ms";

MediaCacheEntry readEntry(const Statement &s)
{
    MediaCacheEntry e;
    e.mxcUri = s.text(0);
    e.variant = s.text(1);
    e.file.fileName = s.text(2);
    e.file.cipher.key = s.blob(3);
    e.file.cipher.iv = s.blob(4);
    e.file.cipher.sha256 = s.blob(5);
    e.file.size = s.int64(6);
    e.mimeType = s.text(7);
    e.lastUsedMs = s.int64(8);
    return e;
}

QByteArray notNull(const QByteArray &bytes)
{
    return bytes.isNull() ? QByteArray("") : bytes;
}

} // namespace

bool MediaCacheTable::createV2(Database &db)
{
    return db.exec(
        "CREATE TABLE media_cache ("
        "  mxc TEXT PRIMARY KEY,"
        "  file_name TEXT NOT NULL,"
        "  file_key BLOB NOT NULL,"
        "  size INTEGER NOT NULL);");
}

bool MediaCacheTable::migrateV7(Database &db)
{
    return db.exec(
        "CREATE TABLE media_cache_v7 ("
        "  mxc TEXT NOT NULL,"
        "  variant TEXT NOT NULL,"
        "  file_name TEXT NOT NULL UNIQUE,"
        "  file_key BLOB NOT NULL,"
        "  file_iv BLOB NOT NULL,"
        "  file_sha256 BLOB NOT NULL,"
        "  size INTEGER NOT NULL,"
        "  mime_type TEXT NOT NULL DEFAULT '',"
        "  last_used_ms INTEGER NOT NULL,"
        "  PRIMARY KEY (mxc, variant));"
        "INSERT OR IGNORE INTO media_cache_v7 (mxc, variant, file_name, file_key, file_iv, file_sha256, size, last_used_ms)"
        "  SELECT mxc, '', file_name, file_key, X'', X'', size, 0 FROM media_cache;"
        "DROP TABLE media_cache;"
        "ALTER TABLE media_cache_v7 RENAME TO media_cache;"
        "CREATE INDEX media_cache_last_used ON media_cache (last_used_ms);");
}

bool MediaCacheTable::put(const MediaCacheEntry &entry, qint64 nowMs, std::optional<MediaCacheEntry> *replaced)
{
    if (replaced)
        *replaced = get(entry.mxcUri, entry.variant);
    // The last use is a stamp in milliseconds that never goes back, so the order of uses is exact.
    Statement &s = m_db.cached(
        "INSERT OR REPLACE INTO media_cache"
        " (mxc, variant, file_name, file_key, file_iv, file_sha256, size, mime_type, last_used_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        "         max(?9, coalesce((SELECT max(last_used_ms) FROM media_cache), 0) + 1))");
    return s.bindText(1, entry.mxcUri)
        .bindText(2, entry.variant.isNull() ? QString(QLatin1String("")) : entry.variant)
        .bindText(3, entry.file.fileName)
        .bindBlob(4, notNull(entry.file.cipher.key))
        .bindBlob(5, notNull(entry.file.cipher.iv))
        .bindBlob(6, notNull(entry.file.cipher.sha256))
        .bindInt64(7, entry.file.size)
        .bindText(8, entry.mimeType.isNull() ? QString(QLatin1String("")) : entry.mimeType)
        .bindInt64(9, nowMs)
        .exec();
}

std::optional<MediaCacheEntry> MediaCacheTable::get(const QString &mxcUri, const QString &variant)
{
    static const QByteArray sql =
        QByteArray("SELECT ") + kColumns + " FROM media_cache WHERE mxc = ? AND variant = ?";
    Statement &s = m_db.cached(sql.constData());
    std::optional<MediaCacheEntry> entry;
    if (s.bindText(1, mxcUri).bindText(2, variant.isNull() ? QString(QLatin1String("")) : variant).step()
        == Statement::Step::Row)
        entry = readEntry(s);
    s.reset();
    return entry;
}

bool MediaCacheTable::touch(const QString &mxcUri, const QString &variant, qint64 nowMs)
{
    Statement &s = m_db.cached(
        "UPDATE media_cache SET last_used_ms = max(?3, (SELECT max(last_used_ms) FROM media_cache) + 1)"
        " WHERE mxc = ?1 AND variant = ?2");
    if (!s.bindText(1, mxcUri).bindText(2, variant.isNull() ? QString(QLatin1String("")) : variant).bindInt64(3, nowMs).exec())
        return false;
    return m_db.changes() == 1;
}

bool MediaCacheTable::removeUri(const QString &mxcUri)
{
    return m_db.cached("DELETE FROM media_cache WHERE mxc = ?").bindText(1, mxcUri).exec();
}

bool MediaCacheTable::remove(const QString &mxcUri, const QString &variant)
{
    return m_db.cached("DELETE FROM media_cache WHERE mxc = ? AND variant = ?")
        .bindText(1, mxcUri)
        .bindText(2, variant.isNull() ? QString(QLatin1String("")) : variant)
        .exec();
}

qint64 MediaCacheTable::totalSize()
{
    Statement &s = m_db.cached("SELECT coalesce(sum(size), 0) FROM media_cache");
    const qint64 total = s.step() == Statement::Step::Row ? s.int64(0) : 0;
    s.reset();
    return total;
}

std::optional<QList<MediaCacheEntry>> MediaCacheTable::evictBeyond(qint64 capBytes, const QString &keepMxc,
                                                                    const QString &keepVariant)
{
    qint64 total = totalSize();
    QList<MediaCacheEntry> victims;
    if (total <= capBytes)
        return victims;
    static const QByteArray sql =
        QByteArray("SELECT ") + kColumns + " FROM media_cache ORDER BY last_used_ms, file_name";
    Statement &s = m_db.cached(sql.constData());
    while (total > capBytes && s.step() == Statement::Step::Row) {
        MediaCacheEntry e = readEntry(s);
        if (e.mxcUri == keepMxc && e.variant == keepVariant)
            continue;
        total -= e.file.size;
        victims.append(std::move(e));
    }
    s.reset();
    for (const MediaCacheEntry &e : victims) {
        if (!remove(e.mxcUri, e.variant))
            return std::nullopt;
    }
    return victims;
}

std::optional<QStringList> MediaCacheTable::fileNames()
{
    Statement &s = m_db.cached("SELECT file_name FROM media_cache");
    QStringList names;
    Statement::Step step;
    while ((step = s.step()) == Statement::Step::Row)
        names.append(s.text(0));
    s.reset();
    if (step != Statement::Step::Done)
        return std::nullopt;
    return names;
}

} // namespace estafette
