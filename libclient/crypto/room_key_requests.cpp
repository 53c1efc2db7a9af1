#include "crypto/room_key_requests.h"

#include "crypto/device_tracker.h"
#include "crypto/megolm_receiver.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcKeyRequests, "estafette.crypto.keyrequests")

namespace estafette {

namespace {
const QString kApprovedDevices = QStringLiteral("approved_own_devices"); // {device id: ed25519}
constexpr int kMaxWaiting = 200; // requests kept per list (a device asking for thousands keeps the first ones)
constexpr int kMaxOutstanding = 500; // our own requests not answered yet
// Keeps a request for later, once per device and session (the same key asked twice is answered once), and not
// beyond kMaxWaiting.
void keep(QList<QPair<QString, QJsonObject>> &list, const QString &device, const QJsonObject &content)
{
    const QJsonValue body = content.value(QLatin1String("body"));
    const bool known = std::any_of(list.cbegin(), list.cend(), [&](const QPair<QString, QJsonObject> &r) {
        return r.first == device && r.second.value(QLatin1String("body")) == body;
    });
    if (!known && list.size() < kMaxWaiting)
        list.append({device, content});
}
} // namespace

RoomKeyRequests::RoomKeyRequests(CryptoStore &store, MegolmReceiver &receiver, DeviceTracker &tracker,
                                 const QString &ownUserId, const QString &ownDeviceId, SendEncrypted sendEncrypted,
                                 QueueToDevice queueToDevice)
    : m_store(store), m_receiver(receiver), m_tracker(tracker), m_userId(ownUserId), m_deviceId(ownDeviceId),
      m_sendEncrypted(std::move(sendEncrypted)), m_queueToDevice(std::move(queueToDevice))
{
}

QJsonObject RoomKeyRequests::cancellation(const QString &requestId) const
{
    const QJsonObject cancel{{QStringLiteral("action"), QStringLiteral("request_cancellation")},
                             {QStringLiteral("request_id"), requestId},
                             {QStringLiteral("requesting_device_id"), m_deviceId}};
    return QJsonObject{{m_userId, QJsonObject{{QStringLiteral("*"), cancel}}}};
}

bool RoomKeyRequests::request(const QString &roomId, const QString &senderKey, const QString &sessionId)
{
    if (senderKey.isEmpty() || sessionId.isEmpty() || m_store.keyRequestFor(roomId, senderKey, sessionId))
        return true;
    // Events naming made-up sessions must not turn into an unbounded stream of requests to our devices.
    if (m_store.keyRequests().size() >= kMaxOutstanding)
        return true;
    StoredKeyRequest request;
    request.requestId = newCryptoTransactionId();
    request.roomId = roomId;
    request.senderKey = senderKey;
    request.sessionId = sessionId;
    return m_store.saveKeyRequest(request);
}

bool RoomKeyRequests::keyArrived(const QString &roomId, const QString &senderKey, const QString &sessionId)
{
    const auto request = m_store.keyRequestFor(roomId, senderKey, sessionId);
    if (!request)
        return true;
    if (!m_store.removeKeyRequest(request->requestId))
        return false;
    // (A request still on its way is cancelled once it went out: see sent().)
    if (request->sent)
        m_queueToDevice(QStringLiteral("m.room_key_request"), cancellation(request->requestId));
    return true;
}

QList<CryptoRequest> RoomKeyRequests::unsent()
{
    QList<CryptoRequest> out;
    for (const StoredKeyRequest &r : m_store.keyRequests()) {
        const bool handedOut = std::find(m_inFlight.cbegin(), m_inFlight.cend(), r.requestId) != m_inFlight.cend();
        if (r.sent || handedOut)
            continue;
        const QJsonObject content{
            {QStringLiteral("action"), QStringLiteral("request")},
            {QStringLiteral("request_id"), r.requestId},
            {QStringLiteral("requesting_device_id"), m_deviceId},
            {QStringLiteral("body"), QJsonObject{{QStringLiteral("algorithm"), kMegolmAlgorithm},
                                                 {QStringLiteral("room_id"), r.roomId},
                                                 {QStringLiteral("sender_key"), r.senderKey},
                                                 {QStringLiteral("session_id"), r.sessionId}}},
        };
        CryptoRequest request;
        request.kind = CryptoRequest::Kind::ToDevice;
        request.id = newCryptoTransactionId();
        request.eventType = QStringLiteral("m.room_key_request");
        request.body = QJsonObject{{QStringLiteral("messages"),
                                    QJsonObject{{m_userId, QJsonObject{{QStringLiteral("*"), content}}}}}};
        m_inFlight.insert(request.id, r.requestId);
        out.append(request);
    }
    return out;
}

bool RoomKeyRequests::sent(const QString &toDeviceRequestId)
{
    const QString keyRequest = m_inFlight.take(toDeviceRequestId);
    if (keyRequest.isEmpty())
        return true;
    for (StoredKeyRequest r : m_store.keyRequests()) {
        if (r.requestId != keyRequest)
            continue;
        r.sent = true; // a cancellation is due once the key arrives
        return m_store.saveKeyRequest(r);
    }
    // The key arrived while the request was on its way: our devices got it, so they get its cancellation.
    m_queueToDevice(QStringLiteral("m.room_key_request"), cancellation(keyRequest));
    return true;
}

void RoomKeyRequests::handle(const QString &sender, const QJsonObject &content)
{
    const QString action = content.value(QLatin1String("action")).toString();
    const QString requestingDevice = content.value(QLatin1String("requesting_device_id")).toString();
    // Only our own other devices are answered.
    if (sender != m_userId || requestingDevice.isEmpty() || requestingDevice == m_deviceId)
        return;
    if (action == QLatin1String("request_cancellation")) {
        const QString id = content.value(QLatin1String("request_id")).toString();
        auto sameRequest = [&id](const QPair<QString, QJsonObject> &r) {
            return r.second.value(QLatin1String("request_id")).toString() == id;
        };
        m_waiting.erase(std::remove_if(m_waiting.begin(), m_waiting.end(), sameRequest), m_waiting.end());
        m_unapproved.erase(std::remove_if(m_unapproved.begin(), m_unapproved.end(), sameRequest), m_unapproved.end());
        return;
    }
    if (action != QLatin1String("request"))
        return;
    const QJsonObject body = content.value(QLatin1String("body")).toObject();
    const auto key = m_receiver.forwardedKeyContent(body.value(QLatin1String("room_id")).toString(),
                                                    body.value(QLatin1String("sender_key")).toString(),
                                                    body.value(QLatin1String("session_id")).toString());
    if (!key)
        return; // we don't have it either
    const QList<StoredDevice> ours = m_tracker.devices(m_userId);
    const auto device = std::find_if(ours.cbegin(), ours.cend(),
                                     [&](const StoredDevice &d) { return d.deviceId == requestingDevice; });
    if (device == ours.cend()) {
        // A device of ours we don't know yet: answered once our device list is fresh.
        m_tracker.markOutdated({m_userId});
        keep(m_waiting, requestingDevice, content);
        return;
    }
    if (!isApproved(*device)) {
        keep(m_unapproved, requestingDevice, content);
        // The person is asked once per device until they answer.
        if (!m_asked.contains(requestingDevice)) {
            m_asked.insert(requestingDevice);
            m_toReport.append(*device);
        }
        return;
    }
    qCInfo(lcKeyRequests) << "forwarding a room key to our device" << requestingDevice;
    m_sendEncrypted(*device, QStringLiteral("m.forwarded_room_key"), *key);
}

bool RoomKeyRequests::isApproved(const StoredDevice &device)
{
    const QJsonObject approved = QJsonDocument::fromJson(m_store.value(kApprovedDevices)).object();
    return !device.ed25519.isEmpty() && approved.value(device.deviceId).toString() == device.ed25519;
}

QList<StoredDevice> RoomKeyRequests::takeDevicesAwaitingApproval()
{
    return std::exchange(m_toReport, {});
}

bool RoomKeyRequests::approve(const QString &deviceId)
{
    const QList<StoredDevice> ours = m_tracker.devices(m_userId);
    const auto device = std::find_if(ours.cbegin(), ours.cend(),
                                     [&](const StoredDevice &d) { return d.deviceId == deviceId; });
    if (device == ours.cend() || deviceId == m_deviceId)
        return false;
    QJsonObject approved = QJsonDocument::fromJson(m_store.value(kApprovedDevices)).object();
    approved.insert(deviceId, device->ed25519);
    if (!m_store.setValue(kApprovedDevices, QJsonDocument(approved).toJson(QJsonDocument::Compact)))
        return false;
    qCInfo(lcKeyRequests) << "our device" << deviceId << "approved for key sharing";
    m_asked.remove(deviceId);
    const auto waiting = std::exchange(m_unapproved, {});
    for (const auto &[requester, content] : waiting) {
        if (requester == deviceId)
            handle(m_userId, content);
        else
            m_unapproved.append({requester, content});
    }
    return true;
}

void RoomKeyRequests::ignore(const QString &deviceId)
{
    m_asked.remove(deviceId);
    m_unapproved.erase(std::remove_if(m_unapproved.begin(), m_unapproved.end(),
                                      [&](const auto &r) { return r.first == deviceId; }),
                       m_unapproved.end());
    m_toReport.erase(std::remove_if(m_toReport.begin(), m_toReport.end(),
                                    [&](const StoredDevice &d) { return d.deviceId == deviceId; }),
                     m_toReport.end());
}

void RoomKeyRequests::ownDevicesQueried()
{
    const auto waiting = m_waiting;
    m_waiting.clear();
    const QList<StoredDevice> ours = m_tracker.devices(m_userId);
    for (const auto &[deviceId, content] : waiting) {
        const bool known = std::any_of(ours.cbegin(), ours.cend(),
                                       [&](const StoredDevice &d) { return d.deviceId == deviceId; });
        if (known)
            handle(m_userId, content);
    }
}

} // namespace estafette
