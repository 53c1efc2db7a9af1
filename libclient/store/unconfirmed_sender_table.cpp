#include "store/unconfirmed_sender_table.h"

#include "events/event_encryption.h"
#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <QSet>

#include <sqlcipher/sqlite3.h>

namespace estafette {

namespace {

QList<UnconfirmedSender> readAll(Statement &s)
{
    QList<UnconfirmedSender> rows;
    while (s.step() == Statement::Step::Row)
        rows.append({s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4) != 0});
    s.reset();
    return rows;
}

bool insert(Database &db, const UnconfirmedSender &u)
{
    return db.cached("INSERT OR REPLACE INTO unconfirmed_senders (room_id, event_id, sender, sender_key, list_known)"
                     " VALUES (?, ?, ?, ?, ?)")
        .bindText(1, u.roomId)
        .bindText(2, u.eventId)
        .bindText(3, u.sender)
        .bindText(4, u.senderKey)
        .bindInt64(5, u.listKnown ? 1 : 0)
        .exec();
}

} // namespace

bool UnconfirmedSenderTable::createV6(Database &db)
{
    if (!db.exec("CREATE TABLE unconfirmed_senders ("
                 "  room_id TEXT NOT NULL,"
                 "  event_id TEXT NOT NULL,"
                 "  sender TEXT NOT NULL,"          // the event's sender
                 "  sender_key TEXT NOT NULL,"      // curve25519 of the Megolm session's device
                 "  list_known INTEGER NOT NULL,"   // 1 when judged with the sender's device list current
                 "  PRIMARY KEY (room_id, event_id));"
                 "CREATE INDEX unconfirmed_senders_device ON unconfirmed_senders (sender, sender_key);"
                 "CREATE INDEX unconfirmed_senders_waiting ON unconfirmed_senders (sender) WHERE list_known = 0;"))
        return false;

    // Events stored before this table existed: their verdict is in their JSON (compact, as toStoredJson writes
    // it), so only candidate rows are parsed.
    Statement s = db.prepare("SELECT rooms.room_id, timeline.event FROM timeline JOIN rooms ON rooms.id = timeline.room"
                             " WHERE timeline.event_id IS NOT NULL AND (instr(timeline.event, ?1) > 0"
                             " OR instr(timeline.event, ?2) > 0)");
    s.bindBlob(1, QByteArray("\"trust\":\"") + senderTrustName(SenderTrust::UnknownDevice).toLatin1() + '"')
        .bindBlob(2, QByteArray("\"trust\":\"") + senderTrustName(SenderTrust::Mismatch).toLatin1() + '"');
    QList<UnconfirmedSender> found;
    Statement::Step step;
    while ((step = s.step()) == Statement::Step::Row) {
        const Event event = eventFromStoredJson(s.blobView(1));
        const EncryptionStatus status = encryptionStatus(event);
        if (!status.decrypted || !status.deviceId.isEmpty() || status.senderKey.isEmpty() || event.eventId().isEmpty()
            || (status.trust != SenderTrust::UnknownDevice && status.trust != SenderTrust::Mismatch))
            continue;
        found.append({s.text(0), event.eventId(), event.sender(), status.senderKey,
                      status.trust == SenderTrust::Mismatch});
    }
    s.reset();
    if (step == Statement::Step::Error)
        return false;
    QSet<QString> senders;
    for (const UnconfirmedSender &u : std::as_const(found)) {
        if (!insert(db, u))
            return false;
        senders.insert(u.sender);
    }
    for (const QString &sender : std::as_const(senders)) {
        if (!db.cached("UPDATE tracked_users SET outdated = 1 WHERE user_id = ?").bindText(1, sender).exec())
            return false;
    }
    return true;
}

bool UnconfirmedSenderTable::save(const UnconfirmedSender &unconfirmed)
{
    if (unconfirmed.roomId.isEmpty() || unconfirmed.eventId.isEmpty() || unconfirmed.sender.isEmpty()
        || unconfirmed.senderKey.isEmpty()) {
        m_db.setError(SQLITE_MISUSE,
                      QStringLiteral("unconfirmed_senders: room, event id, sender and sender key are required"));
        return false;
    }
    return insert(m_db, unconfirmed);
}

QList<UnconfirmedSender> UnconfirmedSenderTable::bySenderKey(const QString &sender, const QString &senderKey)
{
    Statement &s = m_db.cached("SELECT room_id, event_id, sender, sender_key, list_known FROM unconfirmed_senders"
                               " WHERE sender = ? AND sender_key = ?");
    s.bindText(1, sender).bindText(2, senderKey);
    return readAll(s);
}

QList<UnconfirmedSender> UnconfirmedSenderTable::awaitingList(const QString &sender)
{
    Statement &s = m_db.cached("SELECT room_id, event_id, sender, sender_key, list_known FROM unconfirmed_senders"
                               " WHERE sender = ? AND list_known = 0");
    s.bindText(1, sender);
    return readAll(s);
}

bool UnconfirmedSenderTable::remove(const QString &roomId, const QString &eventId)
{
    return m_db.cached("DELETE FROM unconfirmed_senders WHERE room_id = ? AND event_id = ?")
        .bindText(1, roomId).bindText(2, eventId).exec();
}

} // namespace estafette
