#pragma once

#include "events/event.h"

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace estafette {

enum class Membership { Join, Invite, Leave };

// What one /sync response changed in one room. Immutable once built (by the parser, off the GUI thread).
struct RoomDelta {
    QString roomId;
    Membership membership = Membership::Join;
    QList<Event> state;        // "state" block, or "invite_state" (stripped) for invites
    QList<Event> timeline;     // in chronological order
    bool limited = false;      // the server skipped events between our last sync and `timeline`
    QString prevBatch;         // token to paginate backwards from the first timeline event
    QStringList heroes;        // summary.m.heroes (empty when not sent)
    bool hasSummary = false;   // summary present with counts
    int joinedCount = -1;      // summary.m.joined_member_count, -1 when absent
    int invitedCount = -1;     // summary.m.invited_member_count, -1 when absent
    int notificationCount = -1;// unread_notifications.notification_count, -1 when absent
    int highlightCount = -1;
    QList<Event> accountData;  // room account data
    QList<Event> ephemeral;    // typing, receipts
};

struct SyncDelta {
    QString nextBatch;
    QList<RoomDelta> rooms;
    QList<Event> accountData;  // global account data (m.direct, ...)
    QList<Event> toDevice;
    int skippedMalformed = 0;  // malformed events skipped (each logged)
    // device_one_time_keys_count (algorithm -> keys the server holds for this device); nullopt when not sent.
    // An algorithm missing from a sent map means 0.
    std::optional<QMap<QString, int>> oneTimeKeyCounts;
    // device_lists: users whose devices changed, users we no longer share an encrypted room with.
    QStringList deviceListsChanged;
    QStringList deviceListsLeft;
    // device_unused_fallback_key_types; nullopt when not sent (server without fallback keys).
    std::optional<QStringList> unusedFallbackKeyTypes;
};

using SyncDeltaPtr = std::shared_ptr<const SyncDelta>;

struct SyncParseResult {
    bool ok = false;
    QString error;     // why the whole response was rejected (not JSON, no next_batch)
    // Whether the body was a JSON object at all: when not, it was most likely someone else's page (a proxy,
    // a captive portal) or a cut-off transfer; when it was, the homeserver itself answered wrongly.
    bool jsonObject = false;
    SyncDelta delta;
};

// Pure function, safe on any thread. Malformed events are skipped with a log line, never a crash.
SyncParseResult parseSyncResponse(const QByteArray &body);

// Same rules for a /messages response ("chunk" in reverse-chronological order for dir=b, "state", "end").
struct MessagesPage {
    QList<Event> chunk; // as the server sent it
    QList<Event> state;
    QString start;
    QString end;        // empty when there is nothing more
    int skippedMalformed = 0;
};
std::optional<MessagesPage> parseMessagesResponse(const QByteArray &body);

} // namespace estafette

Q_DECLARE_METATYPE(estafette::SyncDeltaPtr)
