#pragma once

#include "crypto/crypto_store.h"

#include <QList>
#include <QString>

namespace estafette {

class Database;

// Table group "Olm sessions" (schema 4): pairwise sessions with other devices, keyed by (their curve25519
// identity key, session id), with their pickle and when they were created and last used.
class OlmSessionTable {
public:
    explicit OlmSessionTable(Database &db) : m_db(db) {}

    static bool createV4(Database &db);

    // The sessions with one device, most recently used first (then most recently created, then by id).
    QList<StoredOlmSession> sessions(const QString &theirIdentityKey);
    bool save(const StoredOlmSession &session); // insert or replace (same key and session id)
    bool exists(const QString &theirIdentityKey);
    // Deletes all but the `keep` first of sessions(theirIdentityKey).
    bool keepNewest(const QString &theirIdentityKey, int keep);

private:
    Database &m_db;
};

} // namespace estafette
