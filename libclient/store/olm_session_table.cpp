#include "store/olm_session_table.h"

#include "store/database.h"
#include "store/statement.h"

#include <sqlcipher/sqlite3.h>

#include <algorithm>

namespace estafette {

bool OlmSessionTable::createV4(Database &db)
{
    return db.exec(
        "CREATE TABLE olm_sessions ("
        "  their_key TEXT NOT NULL,"        // their curve25519 identity key
        "  session_id TEXT NOT NULL,"
        "  pickle BLOB NOT NULL,"
        "  created_ms INTEGER NOT NULL,"
        "  last_used_ms INTEGER NOT NULL,"
        "  PRIMARY KEY (their_key, session_id));");
}

QList<StoredOlmSession> OlmSessionTable::sessions(const QString &theirIdentityKey)
{
    Statement &s = m_db.cached("SELECT session_id, pickle, created_ms, last_used_ms FROM olm_sessions WHERE their_key = ?"
                               " ORDER BY last_used_ms DESC, created_ms DESC, session_id");
    s.bindText(1, theirIdentityKey);
    QList<StoredOlmSession> list;
    while (s.step() == Statement::Step::Row) {
        StoredOlmSession session;
        session.theirIdentityKey = theirIdentityKey;
        session.sessionId = s.text(0);
        session.pickle = s.blob(1);
        session.createdMs = s.int64(2);
        session.lastUsedMs = s.int64(3);
        list.append(session);
    }
    s.reset();
    return list;
}

bool OlmSessionTable::save(const StoredOlmSession &session)
{
    if (session.theirIdentityKey.isEmpty() || session.sessionId.isEmpty() || session.pickle.isEmpty()) {
        m_db.setError(SQLITE_MISUSE, QStringLiteral("olm_sessions: key, session id and pickle are required"));
        return false;
    }
    return m_db.cached("INSERT OR REPLACE INTO olm_sessions (their_key, session_id, pickle, created_ms, last_used_ms)"
                       " VALUES (?, ?, ?, ?, ?)")
        .bindText(1, session.theirIdentityKey)
        .bindText(2, session.sessionId)
        .bindBlob(3, session.pickle)
        .bindInt64(4, session.createdMs)
        .bindInt64(5, session.lastUsedMs)
        .exec();
}

bool OlmSessionTable::exists(const QString &theirIdentityKey)
{
    Statement &s = m_db.cached("SELECT 1 FROM olm_sessions WHERE their_key = ? LIMIT 1");
    s.bindText(1, theirIdentityKey);
    const bool found = s.step() == Statement::Step::Row;
    s.reset();
    return found;
}

bool OlmSessionTable::keepNewest(const QString &theirIdentityKey, int keep)
{
    return m_db.cached("DELETE FROM olm_sessions WHERE their_key = ? AND session_id NOT IN"
                       " (SELECT session_id FROM olm_sessions WHERE their_key = ?"
                       "  ORDER BY last_used_ms DESC, created_ms DESC, session_id LIMIT ?)")
        .bindText(1, theirIdentityKey)
        .bindText(2, theirIdentityKey)
        .bindInt64(3, std::max(keep, 0))
        .exec();
}

} // namespace estafette
