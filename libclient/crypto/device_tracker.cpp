#include "crypto/device_tracker.h"

#include "crypto/crypto_backend.h"
#include "crypto/json_signing.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDevices, "estafette.crypto.devices")

namespace estafette {

DeviceTracker::DeviceTracker(CryptoBackend &backend, CryptoStore &store, const QString &ownUserId,
                             const QString &ownDeviceId)
    : m_backend(backend), m_store(store), m_ownUserId(ownUserId), m_ownDeviceId(ownDeviceId)
{
}

void DeviceTracker::load()
{
    m_tracked = m_store.trackedUsers();
}

bool DeviceTracker::track(const QStringList &users)
{
    for (const QString &user : users) {
        if (user.isEmpty() || m_tracked.contains(user))
            continue;
        if (!m_store.setTrackedUser(user, true))
            return false;
        m_tracked.insert(user, true);
    }
    return true;
}

bool DeviceTracker::onDeviceListChanges(const QStringList &changed, const QStringList &left)
{
    for (const QString &user : changed) {
        if (!m_tracked.contains(user))
            continue;
        if (m_inFlight.contains(user))
            m_changedInFlight.insert(user);
        if (!m_tracked.value(user)) {
            if (!m_store.setTrackedUser(user, true))
                return false;
            m_tracked.insert(user, true);
        }
    }
    for (const QString &user : left) {
        if (!m_tracked.contains(user) || user == m_ownUserId)
            continue;
        if (!m_store.untrackUser(user))
            return false;
        m_tracked.remove(user);
    }
    return true;
}

bool DeviceTracker::markOutdated(const QStringList &users)
{
    return onDeviceListChanges(users, {});
}

QStringList DeviceTracker::outdatedUsers() const
{
    QStringList out;
    for (auto it = m_tracked.constBegin(); it != m_tracked.constEnd(); ++it) {
        if (it.value())
            out.append(it.key());
    }
    return out;
}

void DeviceTracker::queryStarted(const QStringList &users)
{
    for (const QString &user : users) {
        m_inFlight.insert(user);
        m_changedInFlight.remove(user);
    }
}

void DeviceTracker::queryFailed(const QStringList &users)
{
    for (const QString &user : users) {
        m_inFlight.remove(user);
        m_changedInFlight.remove(user);
    }
}

std::optional<StoredDevice> DeviceTracker::verifiedDevice(const QString &userId, const QString &deviceId,
                                                          const QJsonObject &keys) const
{
    if (keys.value(QLatin1String("user_id")).toString() != userId
        || keys.value(QLatin1String("device_id")).toString() != deviceId)
        return std::nullopt;
    const QJsonObject keyMap = keys.value(QLatin1String("keys")).toObject();
    StoredDevice device;
    device.userId = userId;
    device.deviceId = deviceId;
    device.ed25519 = keyMap.value(QLatin1String("ed25519:") + deviceId).toString();
    device.curve25519 = keyMap.value(QLatin1String("curve25519:") + deviceId).toString();
    if (device.ed25519.isEmpty() || device.curve25519.isEmpty())
        return std::nullopt;
    if (!verifyJsonSignature(m_backend, keys, userId, QLatin1String("ed25519:") + deviceId, device.ed25519))
        return std::nullopt;
    device.displayName = keys.value(QLatin1String("unsigned")).toObject()
                             .value(QLatin1String("device_display_name")).toString();
    device.deviceKeys = keys;
    return device;
}

bool DeviceTracker::applyQuery(const QStringList &users, const QJsonObject &response, QueryOutcome *outcome)
{
    const QJsonObject all = response.value(QLatin1String("device_keys")).toObject();
    const QJsonObject failures = response.value(QLatin1String("failures")).toObject();
    for (const QString &user : users) {
        m_inFlight.remove(user);
        const bool changedMeanwhile = m_changedInFlight.remove(user);
        if (!m_tracked.contains(user))
            continue; // no longer tracked (left every encrypted room meanwhile)
        if (!all.contains(user)) {
            outcome->failedUsers.append(user); // its server was unreachable: stays outdated
            continue;
        }
        const QJsonObject listed = all.value(user).toObject();
        QMap<QString, StoredDevice> known;
        for (const StoredDevice &device : m_store.devices(user))
            known.insert(device.deviceId, device);
        QList<StoredDevice> devices;
        QStringList added;
        for (auto it = listed.constBegin(); it != listed.constEnd(); ++it) {
            auto device = verifiedDevice(user, it.key(), it.value().toObject());
            if (!device) {
                ++outcome->rejectedDevices;
                qCWarning(lcDevices) << "rejected the keys of device" << it.key() << "of" << user
                                     << "(bad signature or mismatching ids)";
                continue;
            }
            const auto old = known.constFind(device->deviceId);
            if (old != known.constEnd() && old->ed25519 != device->ed25519) {
                ++outcome->rejectedDevices;
                qCWarning(lcDevices) << "device" << device->deviceId << "of" << user
                                     << "changed its ed25519 key: kept the old one";
                devices.append(*old);
                continue;
            }
            if (old == known.constEnd())
                added.append(device->deviceId);
            devices.append(*device);
        }
        QStringList removed;
        for (const StoredDevice &old : std::as_const(known)) {
            const bool stillListed = std::any_of(devices.cbegin(), devices.cend(), [&old](const StoredDevice &d) {
                return d.deviceId == old.deviceId;
            });
            if (!stillListed)
                removed.append(old.deviceId);
        }
        if (!m_store.replaceDevices(user, devices))
            return false;
        const bool failed = failures.contains(user.section(QLatin1Char(':'), 1));
        if (failed)
            outcome->failedUsers.append(user);
        const bool outdated = changedMeanwhile || failed;
        if (!m_store.setTrackedUser(user, outdated))
            return false;
        m_tracked.insert(user, outdated);
        outcome->updatedUsers.append(user);
        if (!removed.isEmpty())
            outcome->removedDevices.insert(user, removed);
        if (!added.isEmpty())
            outcome->addedDevices.insert(user, added);
    }
    return true;
}

} // namespace estafette
