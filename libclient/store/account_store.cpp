#include "store/account_store.h"

#include "store/account_table.h"
#include "store/crypto_table.h"
#include "store/database.h"
#include "store/media_cache_table.h"
#include "store/migrations.h"
#include "store/outbox_attachment_table.h"
#include "store/outbox_table.h"
#include "store/read_marker_table.h"
#include "store/room_table.h"
#include "store/sql_crypto_store.h"
#include "store/statement.h"
#include "store/store_logging.h"
#include "store/stored_json.h"
#include "store/timeline_redactor.h"
#include "store/timeline_table.h"
#include "store/transaction.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace estafette {

struct AccountStore::Tables {
    explicit Tables(Database &db)
        : account(db), rooms(db), timeline(db), media(db), redactor(timeline, rooms, media), outbox(db)
        , outboxAttachments(db), readMarkers(db), crypto(db), cryptoStore(db)
    {
    }
    AccountTable account;
    RoomTable rooms;
    TimelineTable timeline;
    MediaCacheTable media;
    TimelineRedactor redactor;
    OutboxTable outbox;
    OutboxAttachmentTable outboxAttachments;
    ReadMarkerTable readMarkers;
    CryptoTable crypto;
    SqlCryptoStore cryptoStore;
};

namespace {

const QLatin1String kStorePrefix("store:");

QString storeToken(qint64 pos)
{
    return kStorePrefix + QString::number(pos);
}

std::optional<qint64> parseStoreToken(const QString &token)
{
    if (!token.startsWith(kStorePrefix))
        return std::nullopt;
    bool ok = false;
    const qint64 pos = QStringView(token).mid(kStorePrefix.size()).toLongLong(&ok);
    return ok ? std::optional<qint64>(pos) : std::nullopt;
}

// Walks rows newest-first and keeps events until `limit` of them, a gap, or the end of the rows.
// Returns the kept rows' JSON chronologically and where to continue: "store:<n>" for more stored rows, a gap's
// token, or nullopt when the rows ran out (the caller then uses the room's top token).
struct Walk {
    QList<QByteArray> events;
    std::optional<QString> next;
};
Walk walkRows(const QList<TimelineRow> &rows, int limit, qint64 startPos)
{
    Walk walk;
    qint64 oldest = startPos;
    int shown = 0; // folded relations come along with the rows they point at, without counting
    for (const TimelineRow &row : rows) {
        if (row.isGap) {
            walk.next = row.gapToken;
            break;
        }
        if (!row.folded && shown >= limit) {
            walk.next = storeToken(oldest);
            break;
        }
        walk.events.append(row.eventJson);
        oldest = row.pos;
        if (!row.folded)
            ++shown;
    }
    std::reverse(walk.events.begin(), walk.events.end());
    return walk;
}

QList<Event> parseEvents(const QList<QByteArray> &json)
{
    QList<Event> events;
    events.reserve(json.size());
    for (const QByteArray &bytes : json)
        events.append(eventFromStoredJson(bytes));
    return events;
}

// Parsing the JSON is most of a snapshot's cost: spread it over the thread pool (pure work, no database).
void parseInParallel(QList<QByteArray *> &jsonToParse, QList<Event *> &into)
{
    QList<qsizetype> blocks;
    constexpr qsizetype kBlock = 256;
    for (qsizetype i = 0; i < jsonToParse.size(); i += kBlock)
        blocks.append(i);
    QtConcurrent::blockingMap(blocks, [&](qsizetype first) {
        const qsizetype end = std::min(first + kBlock, jsonToParse.size());
        for (qsizetype i = first; i < end; ++i)
            *into[i] = eventFromStoredJson(*jsonToParse[i]);
    });
}

} // namespace

AccountStore::AccountStore(std::unique_ptr<Database> db) : m_db(std::move(db)), m_tables(std::make_unique<Tables>(*m_db)) {}

AccountStore::~AccountStore()
{
    m_db->assertThread();
    m_tables.reset();
}

std::unique_ptr<AccountStore> AccountStore::open(const QString &path, const QByteArray &rawKey, StoreError *error)
{
    StoreError local;
    StoreError *err = error ? error : &local;
    std::unique_ptr<Database> db = Database::open(path, rawKey, err);
    if (!db)
        return nullptr;
    if (!migrate(*db, err))
        return nullptr;
    *err = {};
    return std::unique_ptr<AccountStore>(new AccountStore(std::move(db)));
}

int AccountStore::schemaVersion() const
{
    return m_db->userVersion();
}

int AccountStore::latestSchemaVersion()
{
    return estafette::latestSchemaVersion();
}

QString AccountStore::lastError() const
{
    return m_db->lastError();
}

bool AccountStore::saveCredentials(const SessionCredentials &credentials)
{
    return m_tables->account.saveCredentials(credentials);
}

std::optional<SessionCredentials> AccountStore::loadCredentials()
{
    return m_tables->account.loadCredentials();
}

bool AccountStore::saveCryptoAccount(const StoredCryptoAccount &account)
{
    m_db->assertThread();
    return m_tables->crypto.save(account);
}

std::optional<StoredCryptoAccount> AccountStore::loadCryptoAccount(bool *failed)
{
    m_db->assertThread();
    return m_tables->crypto.load(failed);
}

QString AccountStore::syncToken()
{
    return m_tables->account.syncToken();
}

bool AccountStore::writeSync(const SyncDelta &delta)
{
    QElapsedTimer timer;
    timer.start();
    Transaction txn(*m_db);
    if (!txn.isActive())
        return false;
    auto failed = [this](const char *what) {
        qCWarning(lcStore) << "writeSync failed (" << what << "), nothing written:" << m_db->lastError();
        return false;
    };
    Tables &t = *m_tables;

    std::optional<QSet<QString>> direct; // m.direct in this delta
    for (const Event &event : delta.accountData) {
        if (!t.account.putAccountData(event))
            return failed("account data");
        if (event.type() == QLatin1String("m.direct"))
            direct = RoomTable::directRoomIds(event.content());
    }

    QList<qint64> newRooms;
    QList<QString> newRoomIds;
    int events = 0;
    bool erased = false; // a redaction erased stored content
    for (const RoomDelta &rd : delta.rooms) {
        if (rd.membership == Membership::Leave) {
            if (!t.rooms.remove(rd.roomId) || !t.readMarkers.remove(rd.roomId))
                return failed("leave");
            continue;
        }
        std::optional<Membership> previous;
        const qint64 room = t.rooms.upsert(rd, &previous);
        if (room < 0)
            return failed("room");
        if (!previous) {
            newRooms.append(room);
            newRoomIds.append(rd.roomId);
        } else if (*previous == Membership::Invite && rd.membership == Membership::Join) {
            // The invite's stripped state is replaced by the real state of the joined room.
            if (!t.rooms.clearState(room))
                return failed("state");
        }
        for (const Event &event : rd.state) {
            if (event.isState() && !t.rooms.putState(room, event))
                return failed("state");
        }
        if (rd.membership == Membership::Join) {
            for (const Event &event : rd.timeline) {
                if (event.isState() && !t.rooms.putState(room, event))
                    return failed("timeline state");
            }
            const TimelineTable::AppendResult appended = t.timeline.appendSync(room, rd.timeline, rd.limited, rd.prevBatch);
            if (!appended.ok)
                return failed("timeline");
            if (!t.redactor.apply(room, rd.timeline, &erased))
                return failed("redactions");
            events += appended.inserted;
            if (appended.roomWasEmpty && !rd.prevBatch.isEmpty()) {
                const std::optional<StoredRoom> stored = t.rooms.find(rd.roomId);
                if (stored && stored->topToken.isEmpty() && !stored->atBeginning
                    && !t.rooms.setTopToken(room, rd.prevBatch, false))
                    return failed("top token");
            }
        }
        for (const Event &event : rd.accountData) {
            if (!t.rooms.putAccountData(room, event))
                return failed("room account data");
        }
    }

    if (direct) {
        if (!t.rooms.setDirectRooms(*direct))
            return failed("direct flags");
    } else if (!newRooms.isEmpty()) {
        if (const std::optional<Event> stored = t.account.accountData(QStringLiteral("m.direct"))) {
            const QSet<QString> ids = RoomTable::directRoomIds(stored->content());
            for (int i = 0; i < newRooms.size(); ++i) {
                if (ids.contains(newRoomIds.at(i)) && !t.rooms.setDirect(newRooms.at(i), true))
                    return failed("direct flags");
            }
        }
    }

    if (!delta.nextBatch.isEmpty() && !t.account.setSyncToken(delta.nextBatch))
        return failed("sync token");
    if (!txn.commit())
        return failed("commit");
    if (erased)
        dropOldPageCopies();
    qCDebug(lcStore) << "sync written:" << delta.rooms.size() << "rooms," << events << "events in" << timer.elapsed() << "ms";
    return true;
}

void AccountStore::dropOldPageCopies()
{
    // secure_delete zeroes what a redaction freed in the database file; the WAL still holds the pages as they
    // were before: checkpointed and truncated, no copy of the erased content is left in either file. Inside a
    // caller's transaction that waits for its commit.
    if (m_db->inTransaction()) {
        m_checkpointWanted = true;
        return;
    }
    m_checkpointWanted = false;
    if (!m_db->exec("PRAGMA wal_checkpoint(TRUNCATE);"))
        qCWarning(lcStore) << "WAL checkpoint after a redaction failed:" << m_db->lastError();
}

bool AccountStore::writeOlderPage(const QString &roomId, const MessagesPage &page)
{
    Transaction txn(*m_db);
    if (!txn.isActive())
        return false;
    Tables &t = *m_tables;
    const std::optional<StoredRoom> room = t.rooms.find(roomId);
    if (!room) {
        qCWarning(lcStore) << "writeOlderPage: room not in the store";
        return false;
    }
    // Lazy-loaded members of the older senders, never replacing the (newer) current state.
    for (const Event &event : page.state) {
        if (event.kind() == EventKind::Member && event.isState() && !t.rooms.putStateIfAbsent(room->id, event))
            return false;
    }
    const TimelineTable::PageResult result = t.timeline.insertOlderPage(room->id, page);
    if (!result.ok)
        return false;
    bool erased = false;
    if (!t.redactor.apply(room->id, page.chunk, &erased))
        return false;
    if (!result.filledGap && !t.rooms.setTopToken(room->id, page.end, page.end.isEmpty()))
        return false;
    if (!txn.commit())
        return false;
    if (erased)
        dropOldPageCopies();
    qCDebug(lcStore) << "older page written:" << result.inserted << "events" << (result.filledGap ? "(gap)" : "(top)");
    return true;
}

SyncDelta AccountStore::loadSnapshot(int eventsPerRoom)
{
    QElapsedTimer timer;
    timer.start();
    Tables &t = *m_tables;
    SyncDelta snapshot;
    snapshot.nextBatch = t.account.syncToken();
    snapshot.accountData = t.account.accountData();

    const QList<StoredRoom> rooms = t.rooms.all();
    QHash<qint64, QList<QByteArray>> state = t.rooms.allStateJson();
    QHash<qint64, QList<Event>> accountData = t.rooms.allAccountData();
    QList<QList<QByteArray>> timelines(rooms.size());
    snapshot.rooms.resize(rooms.size());
    const int limit = std::max(eventsPerRoom, 0);
    for (qsizetype i = 0; i < rooms.size(); ++i) {
        const StoredRoom &room = rooms.at(i);
        RoomDelta &rd = snapshot.rooms[i];
        rd.roomId = room.roomId;
        rd.membership = room.membership;
        rd.accountData = accountData.take(room.id);
        rd.heroes = room.heroes;
        rd.joinedCount = room.joinedCount;
        rd.invitedCount = room.invitedCount;
        rd.hasSummary = !room.heroes.isEmpty() || room.joinedCount >= 0 || room.invitedCount >= 0;
        rd.notificationCount = room.notificationCount;
        rd.highlightCount = room.highlightCount;
        rd.limited = false;
        if (room.membership == Membership::Join) {
            const QList<TimelineRow> rows = t.timeline.newest(room.id, limit);
            const qint64 above = rows.isEmpty() ? 0 : rows.first().pos + 1;
            Walk walk = walkRows(rows, limit, above);
            timelines[i] = std::move(walk.events);
            rd.prevBatch = walk.next ? *walk.next : (room.atBeginning ? QString() : room.topToken);
        }
    }

    // All rows are read; now the JSON, in parallel, straight into the deltas.
    QList<QByteArray *> json;
    QList<Event *> into;
    for (qsizetype i = 0; i < rooms.size(); ++i) {
        RoomDelta &rd = snapshot.rooms[i];
        QList<QByteArray> &stateJson = state[rooms.at(i).id];
        rd.state.resize(stateJson.size());
        for (qsizetype k = 0; k < stateJson.size(); ++k) {
            json.append(&stateJson[k]);
            into.append(&rd.state[k]);
        }
        rd.timeline.resize(timelines[i].size());
        for (qsizetype k = 0; k < timelines[i].size(); ++k) {
            json.append(&timelines[i][k]);
            into.append(&rd.timeline[k]);
        }
    }
    const qint64 readMs = timer.elapsed();
    parseInParallel(json, into);
    qCInfo(lcStore) << "snapshot loaded:" << rooms.size() << "rooms," << json.size() << "events (state and timeline),"
                    << readMs << "ms reading," << timer.elapsed() << "ms in all";
    return snapshot;
}

StoredPage AccountStore::loadOlder(const QString &roomId, const QString &token, int limit)
{
    StoredPage page;
    const std::optional<qint64> pos = parseStoreToken(token);
    const std::optional<StoredRoom> room = pos ? m_tables->rooms.find(roomId) : std::nullopt;
    if (!room) {
        qCWarning(lcStore) << "loadOlder: not a store token or room not in the store";
        return page;
    }
    limit = std::max(limit, 1);
    const QList<TimelineRow> rows = m_tables->timeline.before(room->id, *pos, limit);
    Walk walk = walkRows(rows, limit, *pos);
    page.events = parseEvents(walk.events);
    page.nextToken = walk.next ? *walk.next : (room->atBeginning ? QString() : room->topToken);
    return page;
}

bool AccountStore::outboxInsert(const OutboxEntry &entry)
{
    // SQLite refuses to change the synchronous level inside a transaction: only a top-level insert gets FULL
    // (one inside a caller's transaction is as durable as that transaction).
    const bool topLevel = !m_db->inTransaction();
    if (topLevel && !m_db->exec("PRAGMA synchronous = FULL;"))
        return false;
    const bool ok = inTransaction([&] {
        return m_tables->outbox.insert(entry)
            && (!entry.attachment || m_tables->outboxAttachments.insert(entry.transactionId, *entry.attachment));
    });
    if (topLevel)
        m_db->exec("PRAGMA synchronous = NORMAL;");
    return ok;
}

bool AccountStore::outboxSetUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl,
                                    bool encrypted)
{
    return m_tables->outboxAttachments.setUploads(transactionId, thumbnailUrl, fileUrl, encrypted);
}

bool AccountStore::outboxResolve(const QString &transactionId, const QJsonObject &content)
{
    return m_tables->outbox.resolve(transactionId, content);
}

bool AccountStore::outboxSetFailed(const QString &transactionId, bool failed, const QString &reason)
{
    return m_tables->outbox.setFailed(transactionId, failed, reason);
}

bool AccountStore::outboxRemove(const QString &transactionId)
{
    return inTransaction([&] {
        return m_tables->outboxAttachments.remove(transactionId) && m_tables->outbox.remove(transactionId);
    });
}

QList<OutboxEntry> AccountStore::outboxEntries()
{
    QList<OutboxEntry> entries = m_tables->outbox.entries();
    const QHash<QString, OutgoingAttachment> attachments = m_tables->outboxAttachments.all();
    for (OutboxEntry &entry : entries) {
        const auto it = attachments.constFind(entry.transactionId);
        if (it != attachments.cend())
            entry.attachment = *it;
    }
    return entries;
}

bool AccountStore::isDirect(const QString &roomId)
{
    return m_tables->rooms.isDirect(roomId);
}

CryptoStore &AccountStore::crypto()
{
    m_db->assertThread();
    return m_tables->cryptoStore;
}

bool AccountStore::inTransaction(const std::function<bool()> &work)
{
    Transaction txn(*m_db);
    if (!txn.isActive())
        return false;
    if (!work()) {
        txn.rollback();
        return false;
    }
    if (!txn.commit())
        return false;
    if (m_checkpointWanted && !m_db->inTransaction())
        dropOldPageCopies();
    return true;
}

bool AccountStore::setReadMarker(const QString &roomId, const QString &eventId)
{
    return m_tables->readMarkers.set(roomId, eventId);
}

QString AccountStore::readMarker(const QString &roomId)
{
    return m_tables->readMarkers.get(roomId);
}

MediaCacheInsert AccountStore::mediaCacheInsert(const MediaCacheEntry &entry, qint64 capBytes, qint64 nowMs)
{
    m_db->assertThread();
    MediaCacheInsert result;
    QList<MediaCacheEntry> removed;
    result.ok = inTransaction([&] {
        removed.clear();
        std::optional<MediaCacheEntry> replaced;
        if (!m_tables->media.put(entry, nowMs, &replaced))
            return false;
        if (replaced && replaced->file.fileName != entry.file.fileName)
            removed.append(*replaced);
        const auto evicted = m_tables->media.evictBeyond(capBytes, entry.mxcUri, entry.variant);
        if (!evicted)
            return false;
        removed += *evicted;
        return true;
    });
    if (result.ok)
        result.removed = removed;
    return result;
}

std::optional<MediaCacheEntry> AccountStore::mediaCacheUse(const QString &mxcUri, const QString &variant, qint64 nowMs)
{
    m_db->assertThread();
    if (!m_tables->media.touch(mxcUri, variant, nowMs))
        return std::nullopt;
    return m_tables->media.get(mxcUri, variant);
}

std::optional<MediaCacheEntry> AccountStore::mediaCacheGet(const QString &mxcUri, const QString &variant)
{
    m_db->assertThread();
    return m_tables->media.get(mxcUri, variant);
}

bool AccountStore::mediaCacheRemove(const QString &mxcUri, const QString &variant)
{
    m_db->assertThread();
    return m_tables->media.remove(mxcUri, variant);
}

std::optional<QList<MediaCacheEntry>> AccountStore::mediaCacheEvict(qint64 capBytes)
{
    m_db->assertThread();
    std::optional<QList<MediaCacheEntry>> evicted;
    if (!inTransaction([&] {
            evicted = m_tables->media.evictBeyond(capBytes);
            return evicted.has_value();
        }))
        return std::nullopt;
    return evicted;
}

qint64 AccountStore::mediaCacheTotalSize()
{
    m_db->assertThread();
    return m_tables->media.totalSize();
}

std::optional<QStringList> AccountStore::mediaCacheFileNames()
{
    m_db->assertThread();
    return m_tables->media.fileNames();
}

} // namespace estafette
