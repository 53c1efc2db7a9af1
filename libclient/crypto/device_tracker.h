#pragma once

// Device tracking (spec: "Tracking the device list for a user"): which users' devices we follow (members of
// encrypted rooms), a persistent "outdated" flag per user set by device_lists.changed and cleared by a
// /keys/query that was not overtaken by a newer change, and the verified device keys from those queries.

#include "crypto/crypto_store.h"

#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <optional>

namespace estafette {

class CryptoBackend;

class DeviceTracker {
public:
    DeviceTracker(CryptoBackend &backend, CryptoStore &store, const QString &ownUserId, const QString &ownDeviceId);

    // Reads the tracked users and their flags from the store.
    void load();

    // Starts tracking these users (members of an encrypted room): new ones are outdated until queried.
    bool track(const QStringList &users);
    bool isTracked(const QString &userId) const { return m_tracked.contains(userId); }
    // device_lists of a stored sync response: tracked users in `changed` become outdated; users in `left` (no
    // encrypted room shared any more) are no longer tracked and their devices forgotten.
    bool onDeviceListChanges(const QStringList &changed, const QStringList &left);
    // Marks every tracked user outdated (after /keys/changes could not tell what changed).
    bool markOutdated(const QStringList &users);

    QStringList outdatedUsers() const;
    // A /keys/query for `users` is about to go out: a change reported while it is in flight keeps the user
    // outdated after its answer.
    void queryStarted(const QStringList &users);

    struct QueryOutcome {
        QStringList updatedUsers;                   // users whose list was stored
        QMap<QString, QStringList> removedDevices;  // user -> device ids no longer listed
        QMap<QString, QStringList> addedDevices;    // user -> device ids newly listed
        int rejectedDevices = 0;                    // bad signature, mismatching ids, changed ed25519 key
        QStringList failedUsers;                    // not answered (their server failed): still outdated
    };
    // The answer to the query for `users`. Only devices whose self-signature verifies and whose user and device
    // ids match are stored; a known device whose ed25519 key changed keeps its old key (the spec's rule).
    // Users listed in "failures" (or missing) stay outdated. False on a store failure.
    bool applyQuery(const QStringList &users, const QJsonObject &response, QueryOutcome *outcome);
    // The query failed: these users stay outdated and may be queried again.
    void queryFailed(const QStringList &users);

    QList<StoredDevice> devices(const QString &userId) { return m_store.devices(userId); }
    std::optional<StoredDevice> deviceOf(const QString &userId, const QString &curve25519)
    {
        return deviceWithCurveKey(m_store, userId, curve25519);
    }
    // Tracked and not outdated: devices(userId) is what the server last said.
    bool isCurrent(const QString &userId) const { return !m_tracked.value(userId, true); }
    QStringList trackedUsers() const { return m_tracked.keys(); }

private:
    std::optional<StoredDevice> verifiedDevice(const QString &userId, const QString &deviceId,
                                               const QJsonObject &keys) const;

    CryptoBackend &m_backend;
    CryptoStore &m_store;
    QString m_ownUserId;
    QString m_ownDeviceId;
    QMap<QString, bool> m_tracked;  // user -> outdated
    QSet<QString> m_inFlight;       // users of the query under way
    QSet<QString> m_changedInFlight; // changed while their query was under way
};

} // namespace estafette
