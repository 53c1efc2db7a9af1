#include "store/account_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

namespace estafette {

bool AccountTable::createV1(Database &db)
{
    return db.exec(
        "CREATE TABLE account ("
        "  id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  homeserver TEXT NOT NULL,"
        "  user_id TEXT NOT NULL,"
        "  device_id TEXT NOT NULL,"
        "  access_token TEXT NOT NULL);"
        "CREATE TABLE sync_state ("
        "  id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  next_batch TEXT NOT NULL);"
        "CREATE TABLE account_data ("
        "  type TEXT PRIMARY KEY,"
        "  event BLOB NOT NULL);");
}

bool AccountTable::saveCredentials(const SessionCredentials &credentials)
{
    Statement &s = m_db.cached("INSERT OR REPLACE INTO account (id, homeserver, user_id, device_id, access_token) "
                               "VALUES (1, ?, ?, ?, ?)");
    return s.bindText(1, credentials.homeserver.toString(QUrl::FullyEncoded))
        .bindText(2, credentials.userId)
        .bindText(3, credentials.deviceId.isNull() ? QStringLiteral("") : credentials.deviceId)
        .bindText(4, credentials.accessToken)
        .exec();
}

std::optional<SessionCredentials> AccountTable::loadCredentials()
{
    Statement &s = m_db.cached("SELECT homeserver, user_id, device_id, access_token FROM account WHERE id = 1");
    std::optional<SessionCredentials> result;
    if (s.step() == Statement::Step::Row) {
        SessionCredentials c;
        c.homeserver = QUrl(s.text(0));
        c.userId = s.text(1);
        c.deviceId = s.text(2);
        c.accessToken = s.text(3);
        result = c;
    }
    s.reset();
    return result;
}

QString AccountTable::syncToken()
{
    Statement &s = m_db.cached("SELECT next_batch FROM sync_state WHERE id = 1");
    QString token;
    if (s.step() == Statement::Step::Row)
        token = s.text(0);
    s.reset();
    return token;
}

bool AccountTable::setSyncToken(const QString &token)
{
    Statement &s = m_db.cached("INSERT OR REPLACE INTO sync_state (id, next_batch) VALUES (1, ?)");
    return s.bindText(1, token.isNull() ? QStringLiteral("") : token).exec();
}

bool AccountTable::putAccountData(const Event &event)
{
    Statement &s = m_db.cached("INSERT OR REPLACE INTO account_data (type, event) VALUES (?, ?)");
    return s.bindText(1, event.type()).bindBlob(2, toStoredJson(event.json())).exec();
}

QList<Event> AccountTable::accountData()
{
    Statement &s = m_db.cached("SELECT event FROM account_data ORDER BY type");
    QList<Event> events;
    while (s.step() == Statement::Step::Row)
        events.append(eventFromStoredJson(s.blobView(0)));
    s.reset();
    return events;
}

std::optional<Event> AccountTable::accountData(const QString &type)
{
    Statement &s = m_db.cached("SELECT event FROM account_data WHERE type = ?");
    std::optional<Event> event;
    if (s.bindText(1, type).step() == Statement::Step::Row)
        event = eventFromStoredJson(s.blobView(0));
    s.reset();
    return event;
}

} // namespace estafette
