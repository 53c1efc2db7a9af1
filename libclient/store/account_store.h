#pragma once

#include "media/outgoing_attachment.h" // StagedFile
#include "rooms/outbox_journal.h" // OutboxEntry
#include "store/crypto_table.h"
#include "store/session_credentials.h"
#include "store/store_error.h"
#include "sync/sync_delta.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace estafette {

class CryptoStore;
class Database;

// One cached file under the account's media folder (schema 7).
struct MediaCacheEntry {
    QString mxcUri;
    // Which bytes of that URI the file holds: "" the file as served (encrypted by us with a fresh key),
    // "e2e" an encrypted attachment's ciphertext as downloaded (its key is the attachment's), or a thumbnail
    // of a size ("thumb:320x240:scale", encrypted by us).
    QString variant;
    StagedFile file;          // fileName relative to the media folder ("cache/<hex>"), key/IV/SHA-256, size
    QString mimeType;         // as the server said (Content-Type); may be empty
    qint64 lastUsedMs = 0;    // a stamp in ms that never goes back: the order of uses is exact
};

// What storing a cache entry changed: the rows it pushed out (their files are to be deleted by the caller).
struct MediaCacheInsert {
    bool ok = false;
    QList<MediaCacheEntry> removed; // the row it replaced, then the least recently used ones beyond the cap
};

// Older events read from the store for back-pagination ("store:" tokens).
struct StoredPage {
    QList<Event> events;      // chronological
    QString nextToken;        // "store:<n>" for more stored rows, the server's token when the stored segment ends
                              // (a gap or the top of what we have), empty when the room's beginning is stored
};

// Everything one account knows, in one SQLCipher database. Not thread-safe: it is created, used and destroyed
// on one thread (the session's store worker); every method asserts that.
class AccountStore {
public:
    // Opens (creating when absent) the database at `path` with the 32-byte raw key, checks that SQLCipher is
    // really encrypting (PRAGMA cipher_version), enables WAL, runs pending migrations, and verifies the key by
    // reading. nullptr with *error (WrongKeyOrCorrupt, NotEncrypted, Io, Migration) on failure.
    static std::unique_ptr<AccountStore> open(const QString &path, const QByteArray &rawKey, StoreError *error);
    ~AccountStore();

    int schemaVersion() const;
    static int latestSchemaVersion();
    // SQLite's message for the last failed call (names tables and constraints, never values); for logs.
    QString lastError() const;

    bool saveCredentials(const SessionCredentials &credentials);
    std::optional<SessionCredentials> loadCredentials();

    // One transaction: rooms (membership, summary, counts, direct flag from m.direct), state, timeline rows in
    // order (a gap row with prev_batch before the new events of a limited room that already has rows), room and
    // global account data, and the since token (delta.nextBatch). Nothing is written when anything fails.
    bool writeSync(const SyncDelta &delta);
    QString syncToken();

    // A /messages page fetched from the top of a room's stored timeline (chunk newest-first); stores the
    // events above the oldest row and the room's new top token (page.end; empty = beginning reached).
    bool writeOlderPage(const QString &roomId, const MessagesPage &page);

    // Cold start: each room as a RoomDelta (membership, full current state, summary, counts, room account data,
    // timeline = the newest `eventsPerRoom` rows after the newest gap, limited = false, prevBatch = where to go
    // further back: "store:<n>" when older stored rows exist, else the gap's or room's server token, empty when
    // the beginning is stored), plus global account data and the since token as nextBatch.
    // 10 by default: enough for the room list (preview, activity) and a first look; opening a room then reads
    // its screenful with loadOlder ("store:" token, about a millisecond). 1,000 rooms: ~60 ms here at 10
    // events per room, ~190 ms at 40 (the JSON parsing of every event is most of the cost).
    SyncDelta loadSnapshot(int eventsPerRoom = 10);
    // Rows older than a "store:<n>" token, newest `limit` of them, chronological.
    StoredPage loadOlder(const QString &roomId, const QString &storeToken, int limit = 40);
    static bool isStoreToken(const QString &token) { return token.startsWith(QLatin1String("store:")); }

    // Outbox, in acceptance order. An entry and its attachment are inserted in one transaction committed with
    // synchronous=FULL: once this returns true the message survives a crash of the process and a power loss (the
    // rest of the store runs with NORMAL, which survives a process crash only). Removed together too.
    bool outboxInsert(const OutboxEntry &entry);
    bool outboxSetFailed(const QString &transactionId, bool failed, const QString &reason);
    // A dependent entry's target was sent: its content names the target's event id now.
    bool outboxResolve(const QString &transactionId, const QJsonObject &content);
    // An attachment's uploads so far (empty URL: not uploaded); false when the entry has no attachment.
    bool outboxSetUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl,
                          bool encrypted);
    bool outboxRemove(const QString &transactionId);
    QList<OutboxEntry> outboxEntries(); // with their attachments

    // Rooms listed in the stored m.direct account data (kept as a flag per room).
    bool isDirect(const QString &roomId);

    // The device's Olm account (pickle, its pickle key, whether the device keys were published).
    bool saveCryptoAccount(const StoredCryptoAccount &account);
    // nullopt when there is none yet, or when it could not be read (then *failed is set: never take that for
    // "none", a new identity would replace the real one).
    std::optional<StoredCryptoAccount> loadCryptoAccount(bool *failed = nullptr);

    // What the end-to-end encryption machine keeps (schemas 4 to 6), over this database and on its thread.
    CryptoStore &crypto();

    // Runs `work` in one transaction and commits only when it returns true (rolls back otherwise, or when the
    // commit fails); returns whether it was committed. Nestable: inside another transaction (an enclosing
    // inTransaction(), or writeSync() called from `work`) it is a savepoint of that one.
    bool inTransaction(const std::function<bool()> &work);

    bool setReadMarker(const QString &roomId, const QString &eventId);
    QString readMarker(const QString &roomId);

    // Media cache (files under <media>/cache/, rows here). The caller deletes the files of removed rows, after
    // the rows are gone: a crash in between leaves only a file no row names, which the cache sweeps away.
    // One transaction: the entry stored (used now), then least recently used rows removed until the sizes add up
    // to at most capBytes. The new entry itself is never removed, even when it alone is over the cap.
    MediaCacheInsert mediaCacheInsert(const MediaCacheEntry &entry, qint64 capBytes, qint64 nowMs);
    // The entry of (mxcUri, variant), marked used now; nullopt when there is none.
    std::optional<MediaCacheEntry> mediaCacheUse(const QString &mxcUri, const QString &variant, qint64 nowMs);
    // The entry without marking it used.
    std::optional<MediaCacheEntry> mediaCacheGet(const QString &mxcUri, const QString &variant);
    bool mediaCacheRemove(const QString &mxcUri, const QString &variant);
    // Least recently used rows removed until the sizes add up to at most capBytes (the cap was lowered).
    std::optional<QList<MediaCacheEntry>> mediaCacheEvict(qint64 capBytes);
    qint64 mediaCacheTotalSize();
    // Every file name the cache's rows name (relative to the media folder); nullopt when unreadable.
    std::optional<QStringList> mediaCacheFileNames();

private:
    void dropOldPageCopies(); // after a redaction erased content
    bool m_checkpointWanted = false; // a redaction erased content inside a transaction still open
    struct Tables;
    explicit AccountStore(std::unique_ptr<Database> db);
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Tables> m_tables;
};

} // namespace estafette
