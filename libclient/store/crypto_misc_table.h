#pragma once

#include "crypto/crypto_store.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace estafette {

class Database;

// Table group "crypto bookkeeping" (schema 4): which rooms are encrypted (their m.room.encryption content),
// events waiting for a Megolm key, the key requests we sent for them, and small named values
// ("device_lists_since", ...). Pending decryptions and key requests keep their insertion order (oldest first).
class CryptoMiscTable {
public:
    explicit CryptoMiscTable(Database &db) : m_db(db) {}

    static bool createV4(Database &db);

    std::optional<QJsonObject> roomEncryption(const QString &roomId);
    bool setRoomEncryption(const QString &roomId, const QJsonObject &content); // insert or replace
    QStringList encryptedRoomIds();

    // An event already waiting keeps its place (and its session).
    bool addPendingDecryption(const PendingDecryption &pending);
    QStringList pendingDecryptions(const QString &roomId, const QString &senderKey, const QString &sessionId);
    bool removePendingDecryption(const QString &roomId, const QString &eventId);

    // Insert, or update in place by request id (a request keeps its place in the order).
    bool saveKeyRequest(const StoredKeyRequest &request);
    // The oldest request for that session.
    std::optional<StoredKeyRequest> keyRequestFor(const QString &roomId, const QString &senderKey, const QString &sessionId);
    QList<StoredKeyRequest> keyRequests();
    bool removeKeyRequest(const QString &requestId);

    QByteArray value(const QString &key); // empty when unset
    bool setValue(const QString &key, const QByteArray &value);

private:
    Database &m_db;
};

} // namespace estafette
