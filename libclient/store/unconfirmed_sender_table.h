#pragma once

#include "crypto/crypto_store.h"

#include <QList>
#include <QString>

namespace estafette {

class Database;

// Table group "unconfirmed senders" (schema 6): decrypted events whose Megolm session's device was not among
// the devices we knew of their sender when they were judged, by (sender, session device), so that a /keys/query
// of that sender finds exactly the events to judge again (an index lookup per device, never a timeline scan).
// Rows go away once the verdict is final (the device is known: it matches or it doesn't).
class UnconfirmedSenderTable {
public:
    explicit UnconfirmedSenderTable(Database &db) : m_db(db) {}

    // Creates the table and fills it from the events already stored with such a verdict (one pass over the
    // timeline, once); their senders' device lists are marked outdated so they are queried at the next start.
    static bool createV6(Database &db);

    bool save(const UnconfirmedSender &unconfirmed); // insert or replace by (room, event)
    QList<UnconfirmedSender> bySenderKey(const QString &sender, const QString &senderKey);
    QList<UnconfirmedSender> awaitingList(const QString &sender);
    bool remove(const QString &roomId, const QString &eventId);

private:
    Database &m_db;
};

} // namespace estafette
