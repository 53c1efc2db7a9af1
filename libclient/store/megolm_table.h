#pragma once

#include "crypto/crypto_store.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace estafette {

class Database;
class Statement;

// Table group "Megolm" (schema 4): inbound group sessions (ours and everyone's, keyed by room, sender's
// curve25519 key and session id), our outbound session per room, and the replay index (which event was first
// decrypted at each message index of a session). Forwarding chains and shared-with maps are compact JSON.
class MegolmTable {
public:
    explicit MegolmTable(Database &db) : m_db(db) {}

    static bool createV4(Database &db);

    std::optional<StoredInboundGroupSession> inbound(const QString &roomId, const QString &senderKey,
                                                     const QString &sessionId);
    QList<StoredInboundGroupSession> inbound(const QString &roomId); // by sender key, then session id
    bool saveInbound(const StoredInboundGroupSession &session);     // insert or replace

    std::optional<StoredOutboundGroupSession> outbound(const QString &roomId);
    bool saveOutbound(const StoredOutboundGroupSession &session);   // insert or replace (one per room)
    bool removeOutbound(const QString &roomId);                      // true also when there was none

    // The event id recorded at (sender key, session id, index); empty when none.
    QString indexEvent(const QString &senderKey, const QString &sessionId, std::uint32_t index);
    // Records the first event seen at that index: an index already recorded keeps its event (true either way).
    bool recordIndex(const QString &senderKey, const QString &sessionId, std::uint32_t index, const QString &eventId);

private:
    static StoredInboundGroupSession readInbound(const Statement &s);
    Database &m_db;
};

} // namespace estafette
