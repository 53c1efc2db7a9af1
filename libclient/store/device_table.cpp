#include "store/device_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/store_logging.h"
#include "store/stored_json.h"
#include "store/transaction.h"

#include <sqlcipher/sqlite3.h>

namespace estafette {

namespace {

StoredDevice readDevice(const Statement &s)
{
    StoredDevice device;
    device.userId = s.text(0);
    device.deviceId = s.text(1);
    device.curve25519 = s.text(2);
    device.ed25519 = s.text(3);
    device.displayName = s.text(4);
    device.deviceKeys = objectFromStoredJson(s.blobView(5));
    return device;
}

QString orEmpty(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

bool DeviceTable::createV4(Database &db)
{
    return db.exec(
        "CREATE TABLE devices ("
        "  user_id TEXT NOT NULL,"
        "  device_id TEXT NOT NULL,"
        "  curve25519 TEXT NOT NULL,"
        "  ed25519 TEXT NOT NULL,"
        "  display_name TEXT NOT NULL,"
        "  device_keys BLOB NOT NULL,"     // the signed device_keys object, compact JSON
        "  PRIMARY KEY (user_id, device_id));"
        "CREATE INDEX devices_curve25519 ON devices (curve25519);"
        "CREATE TABLE tracked_users ("
        "  user_id TEXT PRIMARY KEY,"
        "  outdated INTEGER NOT NULL);");
}

QList<StoredDevice> DeviceTable::devices(const QString &userId)
{
    Statement &s = m_db.cached("SELECT user_id, device_id, curve25519, ed25519, display_name, device_keys"
                               " FROM devices WHERE user_id = ? ORDER BY device_id");
    s.bindText(1, userId);
    QList<StoredDevice> list;
    while (s.step() == Statement::Step::Row)
        list.append(readDevice(s));
    s.reset();
    return list;
}

bool DeviceTable::replaceDevices(const QString &userId, const QList<StoredDevice> &devices)
{
    if (userId.isEmpty()) {
        m_db.setError(SQLITE_MISUSE, QStringLiteral("devices: a user id is required"));
        return false;
    }
    Transaction txn(m_db);
    if (!txn.isActive())
        return false;
    if (!m_db.cached("DELETE FROM devices WHERE user_id = ?").bindText(1, userId).exec())
        return false;
    Statement &insert = m_db.cached("INSERT OR REPLACE INTO devices (user_id, device_id, curve25519, ed25519, display_name,"
                                    " device_keys) VALUES (?, ?, ?, ?, ?, ?)");
    for (const StoredDevice &device : devices) {
        if (device.deviceId.isEmpty()) {
            m_db.setError(SQLITE_MISUSE, QStringLiteral("devices: a device id is required"));
            return false;
        }
        if (!insert.bindText(1, userId)
                 .bindText(2, device.deviceId)
                 .bindText(3, orEmpty(device.curve25519))
                 .bindText(4, orEmpty(device.ed25519))
                 .bindText(5, orEmpty(device.displayName))
                 .bindBlob(6, toStoredJson(device.deviceKeys))
                 .exec())
            return false;
    }
    return txn.commit();
}

std::optional<StoredDevice> DeviceTable::deviceByCurveKey(const QString &curve25519)
{
    if (curve25519.isEmpty())
        return std::nullopt;
    Statement &s = m_db.cached("SELECT user_id, device_id, curve25519, ed25519, display_name, device_keys"
                               " FROM devices WHERE curve25519 = ? LIMIT 2");
    std::optional<StoredDevice> result;
    if (s.bindText(1, curve25519).step() == Statement::Step::Row) {
        result = readDevice(s);
        if (s.step() == Statement::Step::Row) {
            qCWarning(lcStore) << "a curve25519 key is claimed by more than one device: identifying none";
            result.reset();
        }
    }
    s.reset();
    return result;
}

QMap<QString, bool> DeviceTable::trackedUsers()
{
    Statement &s = m_db.cached("SELECT user_id, outdated FROM tracked_users");
    QMap<QString, bool> users;
    while (s.step() == Statement::Step::Row)
        users.insert(s.text(0), s.int64(1) != 0);
    s.reset();
    return users;
}

bool DeviceTable::setTrackedUser(const QString &userId, bool outdated)
{
    if (userId.isEmpty()) {
        m_db.setError(SQLITE_MISUSE, QStringLiteral("tracked_users: a user id is required"));
        return false;
    }
    return m_db.cached("INSERT OR REPLACE INTO tracked_users (user_id, outdated) VALUES (?, ?)")
        .bindText(1, userId).bindInt64(2, outdated ? 1 : 0).exec();
}

bool DeviceTable::untrackUser(const QString &userId)
{
    Transaction txn(m_db);
    return txn.isActive() && m_db.cached("DELETE FROM tracked_users WHERE user_id = ?").bindText(1, userId).exec()
        && m_db.cached("DELETE FROM devices WHERE user_id = ?").bindText(1, userId).exec() && txn.commit();
}

} // namespace estafette
