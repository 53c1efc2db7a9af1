#pragma once

#include "crypto/crypto_store.h"

#include <QList>
#include <QString>

namespace estafette {

class Database;

// Table group "to-device outbox" (schema 5): the to-device messages the encryption machine wants sent (Olm
// ciphertexts of forwarded room keys and m.dummy, key request cancellations), in the order they were queued,
// each under the transaction id it keeps until the server accepted it; and the messages still waiting for an Olm
// session with their device (a key claim) before they can be encrypted. Written inside the transaction of the
// change that made the message, so a crash either loses both or keeps both.
class ToDeviceOutboxTable {
public:
    explicit ToDeviceOutboxTable(Database &db) : m_db(db) {}

    static bool createV5(Database &db);

    // A transaction id already queued keeps its row (and its first body).
    bool insert(const QueuedToDevice &message);
    QList<QueuedToDevice> entries(); // oldest first
    bool remove(const QString &transactionId);

    bool addAwaiting(const AwaitingOlmMessage &message);
    QList<AwaitingOlmMessage> awaiting(); // oldest first
    bool setAwaitingNewSession(const QString &userId, const QString &deviceId, bool forceNewSession);
    bool removeAwaiting(const QString &userId, const QString &deviceId);

private:
    Database &m_db;
};

} // namespace estafette
