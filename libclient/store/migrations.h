#pragma once

#include "store/store_error.h"

namespace estafette {

class Database;

// Schema versions, kept in PRAGMA user_version:
//   1  account, sync token, global and room account data, rooms, current state, timeline, outbox
//   2  rooms.is_direct (filled from the stored m.direct), read markers, media cache index
int latestSchemaVersion();

// Brings the database from its user_version up to `target`, each version in its own transaction (a failed
// step leaves the file at the previous version). A database newer than this program is refused.
bool migrate(Database &db, StoreError *error, int target = latestSchemaVersion());

} // namespace estafette
