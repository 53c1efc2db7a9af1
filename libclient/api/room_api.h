#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace estafette {

class HttpClient;
class PendingRequest;
struct RetryPolicy;

struct CreateRoomOptions {
    QString name;
    QString topic;
    QStringList invite;  // user ids
    bool direct = false; // is_direct + preset trusted_private_chat
    bool encrypted = false; // m.room.encryption (Megolm) in the initial state
};

// Room-level calls of the client-server API. Room ids and user ids are percent-encoded here.
class RoomApi {
public:
    explicit RoomApi(HttpClient *http) : m_http(http) {}

    // PUT /rooms/{roomId}/send/{eventType}/{txnId}: the same txnId on every retry (idempotent on the server).
    PendingRequest *sendEvent(const QString &roomId, const QString &eventType, const QString &txnId,
                              const QJsonObject &content, const RetryPolicy &retry);
    // PUT /rooms/{roomId}/redact/{eventId}/{txnId} with the reason (may be empty); idempotent like sendEvent.
    PendingRequest *redact(const QString &roomId, const QString &eventId, const QString &txnId, const QString &reason,
                           const RetryPolicy &retry);
    // GET /rooms/{roomId}/messages?dir=b&from=...&limit=... with the lazy-loading filter.
    PendingRequest *messages(const QString &roomId, const QString &from, int limit = 30);
    // POST /createRoom, private and invite-only (preset private_chat, or trusted_private_chat for direct).
    PendingRequest *createRoom(const CreateRoomOptions &options);
    // GET /rooms/{roomId}/members?not_membership=leave: every joined, invited (and banned/knocking) member,
    // which lazy-loaded syncs don't all give.
    PendingRequest *members(const QString &roomId);
    // PUT /rooms/{roomId}/state/{type}/{stateKey}
    PendingRequest *sendState(const QString &roomId, const QString &type, const QString &stateKey,
                              const QJsonObject &content);
    PendingRequest *join(const QString &roomIdOrAlias);
    PendingRequest *leave(const QString &roomId);
    PendingRequest *invite(const QString &roomId, const QString &userId);
    // PUT /rooms/{roomId}/typing/{userId}: {"typing": true, "timeout": ms} or {"typing": false}.
    PendingRequest *setTyping(const QString &roomId, const QString &userId, bool typing, int timeoutMs = 30000);
    // POST /rooms/{roomId}/read_markers with m.fully_read, and the receipt as m.read or (private) m.read.private.
    PendingRequest *setReadMarkers(const QString &roomId, const QString &eventId, bool privateReceipt);
    // PUT /user/{userId}/account_data/{type}
    PendingRequest *setAccountData(const QString &userId, const QString &type, const QJsonObject &content);

private:
    HttpClient *m_http;
};

} // namespace estafette
