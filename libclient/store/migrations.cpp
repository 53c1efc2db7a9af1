#include "store/migrations.h"

#include "store/account_table.h"
#include "store/crypto_misc_table.h"
#include "store/crypto_table.h"
#include "store/database.h"
#include "store/device_table.h"
#include "store/media_cache_table.h"
#include "store/megolm_table.h"
#include "store/olm_session_table.h"
#include "store/outbox_attachment_table.h"
#include "store/outbox_table.h"
#include "store/read_marker_table.h"
#include "store/room_table.h"
#include "store/store_logging.h"
#include "store/timeline_table.h"
#include "store/to_device_outbox_table.h"
#include "store/transaction.h"
#include "store/unconfirmed_sender_table.h"

#include <iterator>

namespace estafette {

namespace {

struct Migration {
    int version;
    bool (*apply)(Database &db);
};

bool toV1(Database &db)
{
    return AccountTable::createV1(db) && RoomTable::createV1(db) && TimelineTable::createV1(db)
        && OutboxTable::createV1(db);
}

bool toV2(Database &db)
{
    return RoomTable::migrateV2(db) && ReadMarkerTable::createV2(db) && MediaCacheTable::createV2(db);
}

bool toV3(Database &db)
{
    return CryptoTable::createV3(db);
}

// Schema 4: what the end-to-end encryption machine keeps (CryptoStore): Olm sessions, inbound and outbound
// Megolm sessions with the replay index, device lists and tracked users, encrypted rooms, pending decryptions,
// key requests and named values.
bool toV4(Database &db)
{
    return OlmSessionTable::createV4(db) && MegolmTable::createV4(db) && DeviceTable::createV4(db)
        && CryptoMiscTable::createV4(db);
}

// Schema 5: the to-device outbox (messages the encryption machine wants sent, kept until the server took them).
bool toV5(Database &db)
{
    return ToDeviceOutboxTable::createV5(db);
}

// Schema 6: decrypted events whose sender's device was not known when they were judged, found again by sender
// and device when a /keys/query changes what we know of that sender's devices.
bool toV6(Database &db)
{
    return UnconfirmedSenderTable::createV6(db);
}

// Schema 7: the media cache keyed by URI and variant (file, encrypted attachment, thumbnail of a size), with the
// IV and SHA-256 of each cached file's ciphertext and its last use for least-recently-used eviction.
bool toV7(Database &db)
{
    return MediaCacheTable::migrateV7(db);
}

// Schema 8: the attachment of a dependent outbox entry (upload, then send the event naming the upload), one row
// per entry, with the uploads done so far.
bool toV8(Database &db)
{
    return OutboxAttachmentTable::createV8(db);
}

// Schema 9: timeline rows say whether they are relations folded into another event, and which; outbox entries
// name the entry they depend on (a reaction to a message still being sent).
bool toV9(Database &db)
{
    return TimelineTable::migrateV9(db) && OutboxTable::migrateV9(db);
}

constexpr Migration kMigrations[] = {
    {1, toV1},
    {2, toV2},
    {3, toV3},
    {4, toV4},
    {5, toV5},
    {6, toV6},
    {7, toV7},
    {8, toV8},
    {9, toV9},
};

} // namespace

int latestSchemaVersion()
{
    return std::end(kMigrations)[-1].version;
}

bool migrate(Database &db, StoreError *error, int target)
{
    const int current = db.userVersion();
    if (current < 0 || current > latestSchemaVersion()) {
        if (error)
            *error = {StoreError::Kind::Migration,
                      QStringLiteral("schema version %1 is not one this program knows (latest %2)")
                          .arg(current).arg(latestSchemaVersion())};
        return false;
    }
    for (const Migration &m : kMigrations) {
        if (m.version <= current || m.version > target)
            continue;
        Transaction txn(db);
        if (!txn.isActive() || !m.apply(db) || !db.setUserVersion(m.version) || !txn.commit()) {
            const QString detail = QStringLiteral("migration to schema %1 failed: %2").arg(m.version).arg(db.lastError());
            qCWarning(lcStore) << detail;
            if (error)
                *error = {StoreError::Kind::Migration, detail};
            return false;
        }
        qCInfo(lcStore) << "database migrated to schema" << m.version;
    }
    return true;
}

} // namespace estafette
