#pragma once

#include "rooms/room_state.h"

#include <QStringList>

namespace estafette {

struct RoomSummary {
    QStringList heroes; // user ids from the server's summary (may be empty: compute from members)
    int joinedCount = 0;
    int invitedCount = 0;
};

// The room's display name as the spec's "calculating the display name for a room" says:
// m.room.name, else m.room.canonical_alias, else heroes ("Alice", "Alice and Bob",
// "Alice, Bob and 3 others"), else "Empty room" (or "Empty room (was Alice)" when heroes left).
// Heroes exclude ownUserId. Without server heroes, up to 5 other members sorted by user id are used.
QString computeRoomName(const RoomState &state, const RoomSummary &summary, const QString &ownUserId);

} // namespace estafette
