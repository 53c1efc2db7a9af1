#pragma once

#include "crypto/crypto_store.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace estafette {

class Database;

// Table group "device lists" (schema 4): other users' devices as published in /keys/query (curve25519
// indexed, to find the device an Olm message came from) and the users whose lists we track, with their
// outdated flag.
class DeviceTable {
public:
    explicit DeviceTable(Database &db) : m_db(db) {}

    static bool createV4(Database &db);

    QList<StoredDevice> devices(const QString &userId); // by device id
    // Makes `devices` the whole list of `userId` (their userId field is ignored: they are stored under userId).
    // Atomic: in its own transaction, or savepoint when inside one.
    bool replaceDevices(const QString &userId, const QList<StoredDevice> &devices);
    // The one known device with this curve25519 key. nullopt when none, and also when several devices claim it
    // (anyone can publish another device's curve25519 key; an ambiguous key identifies nobody).
    std::optional<StoredDevice> deviceByCurveKey(const QString &curve25519);

    QMap<QString, bool> trackedUsers();
    bool setTrackedUser(const QString &userId, bool outdated); // insert or replace
    bool untrackUser(const QString &userId);                   // and forgets its devices (atomic)

private:
    Database &m_db;
};

} // namespace estafette
