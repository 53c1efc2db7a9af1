#include "crypto/crypto_machine.h"

#include "crypto/crypto_backend.h"
#include "crypto/device_tracker.h"
#include "crypto/megolm_receiver.h"
#include "crypto/megolm_sender.h"
#include "crypto/olm_channel.h"
#include "crypto/room_key_requests.h"
#include "events/event_encryption.h"
#include "sync/sync_delta.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>

#include <tuple>
#include <utility>

Q_LOGGING_CATEGORY(lcCrypto, "estafette.crypto")

namespace estafette {

namespace {
const QString kDeviceListsSince = QStringLiteral("device_lists_since");
constexpr qint64 kClaimRetryMs = 10 * 60 * 1000;  // a device that had no key left is tried again after this
constexpr qint64 kUnwedgeIntervalMs = 60 * 60 * 1000; // at most one new session per device and hour
constexpr int kMaxWedgedUnknown = 64;          // broken channels with devices we don't know, waiting for a query
constexpr qint64 kQueryRetryMs = 60 * 1000;     // a user whose server failed a query is asked again after this

QString deviceKey(const QString &userId, const QString &deviceId)
{
    return userId + QLatin1Char('|') + deviceId;
}

bool supportsMegolm(const StoredDevice &device)
{
    const QJsonArray algorithms = device.deviceKeys.value(QLatin1String("algorithms")).toArray();
    return algorithms.contains(QJsonValue(QStringLiteral("m.megolm.v1.aes-sha2")))
        && algorithms.contains(QJsonValue(kOlmAlgorithm));
}
} // namespace

CryptoMachine::CryptoMachine(CryptoBackend &backend, CryptoStore &store, DeviceAccount::Save saveAccount,
                             const QString &userId, const QString &deviceId, Clock clock)
    : m_backend(backend), m_store(store), m_userId(userId), m_deviceId(deviceId),
      m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); })),
      m_account(std::make_unique<DeviceAccount>(backend, userId, deviceId, std::move(saveAccount))),
      m_tracker(std::make_unique<DeviceTracker>(backend, store, userId, deviceId))
{
}

CryptoMachine::~CryptoMachine() = default;

bool CryptoMachine::start(const std::optional<StoredCryptoAccount> &account, const QString &syncToken,
                          QString *error)
{
    if (!m_account->start(account, error))
        return false;
    const IdentityKeys own = m_account->identityKeys();
    m_olm = std::make_unique<OlmChannel>(m_backend, m_store, *m_account, m_userId, m_deviceId, m_clock);
    m_receiver = std::make_unique<MegolmReceiver>(m_backend, m_store, m_account->pickleKey());
    m_receiver->setDeviceListCurrent([this](const QString &user) {
        return m_tracker->isCurrent(user);
    });
    m_sender = std::make_unique<MegolmSender>(m_backend, m_store, *m_receiver, m_account->pickleKey(), m_userId,
                                              m_deviceId, own.curve25519, own.ed25519, m_clock);
    m_keyRequests = std::make_unique<RoomKeyRequests>(
        m_store, *m_receiver, *m_tracker, m_userId, m_deviceId,
        [this](const StoredDevice &device, const QString &type, const QJsonObject &content) {
            sendEncrypted(device, type, content);
        },
        [this](const QString &type, const QJsonObject &messages) { queueToDevice(type, messages); });
    m_tracker->load();
    // Our own devices are always followed (key requests, sharing with our other devices).
    if (!m_tracker->track({m_userId})) {
        *error = QStringLiteral("the device list could not be stored");
        return false;
    }
    const QString since = QString::fromUtf8(m_store.value(kDeviceListsSince));
    if (!since.isEmpty() && !syncToken.isEmpty() && since != syncToken) {
        CryptoRequest changes;
        changes.kind = CryptoRequest::Kind::KeysChanges;
        changes.id = QStringLiteral("changes-%1").arg(m_nextRequest++);
        changes.from = since;
        changes.to = syncToken;
        m_pendingChanges = changes;
    }
    return true;
}

IdentityKeys CryptoMachine::identityKeys() const
{
    return m_account->identityKeys();
}

QList<StoredDevice> CryptoMachine::devices(const QString &userId)
{
    return m_tracker->devices(userId);
}

QList<StoredDevice> CryptoMachine::takeDevicesAwaitingApproval()
{
    return m_keyRequests->takeDevicesAwaitingApproval();
}

bool CryptoMachine::approveOwnDevice(const QString &deviceId)
{
    return m_keyRequests->approve(deviceId);
}

void CryptoMachine::ignoreOwnDevice(const QString &deviceId)
{
    m_keyRequests->ignore(deviceId);
}

bool CryptoMachine::trackUsers(const QStringList &users)
{
    return m_tracker->track(users);
}

bool CryptoMachine::isDeviceListCurrent(const QString &userId) const
{
    return m_tracker->isCurrent(userId);
}

QStringList CryptoMachine::trackedUsers() const
{
    return m_tracker->trackedUsers();
}

bool CryptoMachine::isRoomEncrypted(const QString &roomId)
{
    return m_store.roomEncryption(roomId).has_value();
}

// ---------------------------------------------------------------------------------------------------------------
// Incoming

bool CryptoMachine::receiveSync(SyncDelta &delta, QMap<QString, QList<Event>> *redecrypted)
{
    bool failed = false;
    m_receiver->forgetDevices();
    m_account->onSync(delta);
    if (!m_tracker->onDeviceListChanges(delta.deviceListsChanged, delta.deviceListsLeft))
        return false;

    // Which rooms are encrypted, and who is in them.
    for (const RoomDelta &room : std::as_const(delta.rooms)) {
        for (const QList<Event> *events : {&room.state, &room.timeline}) {
            for (const Event &e : *events) {
                if (e.kind() == EventKind::Encryption && e.isState() && e.stateKey().isEmpty()
                    && e.content().value(QLatin1String("algorithm")).toString() == kMegolmAlgorithm
                    && !m_store.roomEncryption(room.roomId)) {
                    if (!m_store.setRoomEncryption(room.roomId, e.content()))
                        return false;
                }
            }
        }
        if (room.membership != Membership::Join || !m_store.roomEncryption(room.roomId))
            continue;
        QStringList members;
        for (const QList<Event> *events : {&room.state, &room.timeline}) {
            for (const Event &e : *events) {
                if (e.kind() != EventKind::Member)
                    continue;
                const QString membership = MemberView(e).membership();
                if (membership == QLatin1String("join") || membership == QLatin1String("invite"))
                    members.append(e.stateKey());
            }
        }
        if (!m_tracker->track(members))
            return false;
    }

    // To-device messages: all of them handled (and their effects stored) before the since token moves.
    QList<std::tuple<QString, QString, QString>> arrived; // room, sender key, session id
    for (const Event &e : std::as_const(delta.toDevice))
        handleToDevice(e, &arrived, &failed);
    if (failed)
        return false;

    // Timelines (device lists may have changed above).
    m_receiver->forgetDevices();
    for (RoomDelta &room : delta.rooms) {
        if (room.membership == Membership::Invite)
            continue;
        for (Event &e : room.timeline) {
            if (e.kind() != EventKind::Encrypted)
                continue;
            e = m_receiver->decrypt(room.roomId, e, &failed);
            const EncryptionStatus status = encryptionStatus(e);
            if (status.error == DecryptionError::MissingKey || status.error == DecryptionError::UnknownIndex)
                failed = !m_keyRequests->request(room.roomId, status.senderKey, status.sessionId) || failed;
        }
    }
    // Stored events whose key just arrived. A key request ends only when no event of the session is still
    // waiting: a key that starts after some of them (a later index) leaves it open for a better one.
    for (const auto &[roomId, senderKey, sessionId] : arrived) {
        const QList<Event> events = m_receiver->retryPending(roomId, senderKey, sessionId, &failed);
        if (!events.isEmpty())
            (*redecrypted)[roomId].append(events);
        if (!failed && m_store.pendingDecryptions(roomId, senderKey, sessionId).isEmpty())
            failed = !m_keyRequests->keyArrived(roomId, senderKey, sessionId) || failed;
    }
    if (!failed && !delta.nextBatch.isEmpty())
        failed = !m_store.setValue(kDeviceListsSince, delta.nextBatch.toUtf8());
    return !failed;
}

bool CryptoMachine::decryptEvents(const QString &roomId, QList<Event> &events)
{
    bool failed = false;
    m_receiver->forgetDevices();
    // Oldest first (a /messages page lists newest first): the first event to use a session index is the original.
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        Event &e = *it;
        if (e.kind() != EventKind::Encrypted || e.json().contains(kE2eKey))
            continue;
        e = m_receiver->decrypt(roomId, e, &failed);
        const EncryptionStatus status = encryptionStatus(e);
        if (status.error == DecryptionError::MissingKey || status.error == DecryptionError::UnknownIndex)
            failed = !m_keyRequests->request(roomId, status.senderKey, status.sessionId) || failed;
    }
    return !failed;
}

void CryptoMachine::handleToDevice(const Event &event, QList<std::tuple<QString, QString, QString>> *arrived,
                                   bool *failed)
{
    if (event.type() == QLatin1String("m.room_key_request")) {
        m_keyRequests->handle(event.sender(), event.content());
        return;
    }
    if (event.kind() != EventKind::Encrypted)
        return;
    const OlmReceiveResult result = m_olm->receive(event, failed);
    switch (result.status) {
    case OlmReceiveResult::Status::Decrypted:
        break;
    case OlmReceiveResult::Status::Undecryptable:
        qCWarning(lcCrypto) << "to-device message from" << event.sender() << "not decrypted:" << result.reason;
        if (!*failed)
            unwedge(event.sender(), result.senderKey, true);
        return;
    case OlmReceiveResult::Status::Rejected:
        qCWarning(lcCrypto) << "to-device message from" << event.sender() << "rejected:" << result.reason;
        return;
    case OlmReceiveResult::Status::NotForThisDevice:
    case OlmReceiveResult::Status::Malformed:
        return;
    }
    const OlmPlaintext &p = result.plaintext;
    bool added = false;
    StoredInboundGroupSession session;
    if (p.type == QLatin1String("m.room_key")) {
        if (!m_receiver->addRoomKey(p, &added, &session))
            *failed = true;
    } else if (p.type == QLatin1String("m.forwarded_room_key")) {
        // Only keys we asked for, and only from our own devices.
        const auto device = m_tracker->deviceOf(m_userId, p.senderKey);
        const QString room = p.content.value(QLatin1String("room_id")).toString();
        const QString senderKey = p.content.value(QLatin1String("sender_key")).toString();
        const QString sessionId = p.content.value(QLatin1String("session_id")).toString();
        if (!device || !m_store.keyRequestFor(room, senderKey, sessionId)) {
            qCWarning(lcCrypto) << "ignored a forwarded room key we did not ask for, or not from our own device";
            return;
        }
        if (!m_receiver->addForwardedRoomKey(p, &added, &session))
            *failed = true;
    } else {
        return; // m.dummy and others: nothing to do
    }
    if (added)
        arrived->append({session.roomId, session.senderKey, session.sessionId});
}

// ---------------------------------------------------------------------------------------------------------------
// Olm delivery

std::optional<StoredDevice> CryptoMachine::findDevice(const QString &userId, const QString &deviceId)
{
    for (const StoredDevice &d : m_tracker->devices(userId)) {
        if (d.deviceId == deviceId)
            return d;
    }
    return std::nullopt;
}

void CryptoMachine::queueToDevice(const QString &type, const QJsonObject &messages)
{
    CryptoRequest request;
    request.kind = CryptoRequest::Kind::ToDevice;
    request.id = newCryptoTransactionId();
    request.eventType = type;
    request.body = QJsonObject{{QStringLiteral("messages"), messages}};
    m_toDeviceQueue.append(request);
}

void CryptoMachine::sendEncrypted(const StoredDevice &device, const QString &type, const QJsonObject &content)
{
    if (m_olm->hasSession(device.curve25519)) {
        auto encrypted = m_olm->encrypt(device, type, content);
        if (encrypted) {
            queueToDevice(QStringLiteral("m.room.encrypted"),
                          QJsonObject{{device.userId, QJsonObject{{device.deviceId, encrypted.value()}}}});
            return;
        }
    }
    Awaiting &awaiting = m_awaiting[deviceKey(device.userId, device.deviceId)];
    awaiting.device = device;
    awaiting.messages.append({type, content});
}

void CryptoMachine::unwedge(const QString &sender, const QString &senderKey, bool mayQuery)
{
    if (senderKey.isEmpty())
        return;
    const auto device = m_tracker->deviceOf(sender, senderKey);
    if (!device) {
        // Not a device of the sender we know: asked once; a key that is still nobody's after that is dropped
        // (a deleted device, or junk: never a reason to query again and again).
        if (mayQuery && m_wedgedUnknown.size() < kMaxWedgedUnknown) {
            m_wedgedUnknown.insert(senderKey, sender);
            m_tracker->track({sender});
            m_tracker->markOutdated({sender});
        }
        return;
    }
    const qint64 now = m_clock();
    const qint64 last = std::max(m_unwedgedMs.value(senderKey), m_olm->newestSessionCreatedMs(senderKey));
    if (last && now - last < kUnwedgeIntervalMs)
        return;
    m_unwedgedMs.insert(senderKey, now);
    qCInfo(lcCrypto) << "Olm channel with" << sender << device->deviceId << "is broken: starting a new session";
    Awaiting &awaiting = m_awaiting[deviceKey(device->userId, device->deviceId)];
    awaiting.device = *device;
    awaiting.forceNewSession = true;
    awaiting.messages.append({QStringLiteral("m.dummy"), QJsonObject{}});
}

void CryptoMachine::deliverAwaitingSessions()
{
    for (auto it = m_awaiting.begin(); it != m_awaiting.end();) {
        if (it->forceNewSession || !m_olm->hasSession(it->device.curve25519)) {
            ++it;
            continue;
        }
        for (const auto &[type, content] : std::as_const(it->messages)) {
            auto encrypted = m_olm->encrypt(it->device, type, content);
            if (encrypted)
                queueToDevice(QStringLiteral("m.room.encrypted"),
                              QJsonObject{{it->device.userId, QJsonObject{{it->device.deviceId, encrypted.value()}}}});
        }
        it = m_awaiting.erase(it);
    }
}

bool CryptoMachine::applyClaim(const QJsonObject &response)
{
    const QJsonObject keys = response.value(QLatin1String("one_time_keys")).toObject();
    for (auto user = keys.constBegin(); user != keys.constEnd(); ++user) {
        const QJsonObject devices = user.value().toObject();
        for (auto dev = devices.constBegin(); dev != devices.constEnd(); ++dev) {
            const auto device = findDevice(user.key(), dev.key());
            const QJsonObject claimed = dev.value().toObject();
            if (!device || claimed.isEmpty())
                continue;
            const QJsonObject keyObject = claimed.constBegin().value().toObject();
            const CryptoStatus created = m_olm->createSession(*device, keyObject);
            if (!created) {
                qCWarning(lcCrypto) << "claimed key of" << user.key() << dev.key()
                                    << "not usable:" << cryptoErrorName(created.error());
                continue;
            }
            m_claimAttemptMs.remove(deviceKey(user.key(), dev.key()));
            auto awaiting = m_awaiting.find(deviceKey(user.key(), dev.key()));
            if (awaiting != m_awaiting.end())
                awaiting->forceNewSession = false;
        }
    }
    deliverAwaitingSessions();
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

QList<CryptoRequest> CryptoMachine::outgoingRequests()
{
    QList<CryptoRequest> out;
    if (m_pendingChanges) {
        out.append(*m_pendingChanges);
        m_pendingChanges.reset();
    }
    if (m_uploadInFlight.isEmpty()) {
        QString error;
        const QJsonObject body = m_account->nextUpload(&error);
        if (!error.isEmpty())
            qCWarning(lcCrypto) << "keys upload:" << error;
        if (!body.isEmpty()) {
            CryptoRequest upload;
            upload.kind = CryptoRequest::Kind::KeysUpload;
            upload.id = QStringLiteral("upload-%1").arg(m_nextRequest++);
            upload.body = body;
            m_uploadInFlight = upload.id;
            out.append(upload);
        }
    }
    if (m_queryInFlight.isEmpty()) {
        const QStringList outdated = usersToQuery();
        if (!outdated.isEmpty())
            out.append(keysQuery(outdated));
    }
    if (m_claimInFlight.isEmpty() && !m_awaiting.isEmpty()) {
        QList<StoredDevice> toClaim;
        for (const Awaiting &a : std::as_const(m_awaiting)) {
            if (mayClaim(a.device))
                toClaim.append(a.device);
        }
        if (!toClaim.isEmpty())
            out.append(keysClaim(toClaim));
    }
    // Key requests not sent yet, to all our devices.
    out.append(m_keyRequests->unsent());
    out.append(std::exchange(m_toDeviceQueue, {}));
    return out;
}

bool CryptoMachine::requestSucceeded(const CryptoRequest &request, const QJsonObject &response,
                                     QMap<QString, QList<Event>> *rejudged)
{
    switch (request.kind) {
    case CryptoRequest::Kind::None:
        return true;
    case CryptoRequest::Kind::KeysUpload: {
        m_uploadInFlight.clear();
        QMap<QString, int> counts;
        const QJsonObject c = response.value(QLatin1String("one_time_key_counts")).toObject();
        for (auto it = c.constBegin(); it != c.constEnd(); ++it)
            counts.insert(it.key(), it.value().toInt());
        return m_account->uploaded(request.body, counts);
    }
    case CryptoRequest::Kind::KeysQuery: {
        if (request.id == m_queryInFlight)
            m_queryInFlight.clear();
        DeviceTracker::QueryOutcome outcome;
        if (!m_tracker->applyQuery(request.users, response, &outcome))
            return false;
        for (const QString &user : request.users)
            m_queryFailedMs.remove(user);
        for (const QString &user : std::as_const(outcome.failedUsers))
            m_queryFailedMs.insert(user, m_clock());
        // What the new lists tell about senders we could not confirm before (same transaction as the lists).
        m_receiver->forgetDevices();
        QMap<QString, QList<Event>> ignored;
        for (const QString &user : std::as_const(outcome.updatedUsers)) {
            if (!m_receiver->reviewSender(user, rejudged ? rejudged : &ignored))
                return false;
        }
        // Channels that broke with devices we did not know, and key requests of our new devices.
        const auto wedged = m_wedgedUnknown;
        m_wedgedUnknown.clear();
        for (auto it = wedged.constBegin(); it != wedged.constEnd(); ++it) {
            if (request.users.contains(it.value()))
                unwedge(it.value(), it.key(), false);
            else
                m_wedgedUnknown.insert(it.key(), it.value());
        }
        if (request.users.contains(m_userId))
            m_keyRequests->ownDevicesQueried();
        return true;
    }
    case CryptoRequest::Kind::KeysClaim:
        if (request.id == m_claimInFlight)
            m_claimInFlight.clear();
        return applyClaim(response);
    case CryptoRequest::Kind::KeysChanges: {
        QStringList changed;
        for (const QJsonValue &v : response.value(QLatin1String("changed")).toArray())
            changed.append(v.toString());
        QStringList left;
        for (const QJsonValue &v : response.value(QLatin1String("left")).toArray())
            left.append(v.toString());
        qCInfo(lcCrypto) << "/keys/changes since the last run:" << changed.size() << "changed," << left.size()
                         << "left";
        return m_tracker->onDeviceListChanges(changed, left);
    }
    case CryptoRequest::Kind::ToDevice: {
        const auto share = m_shares.take(request.id);
        if (!share.roomId.isEmpty())
            return m_sender->markShared(share.roomId, share.sessionId, share.devices);
        return m_keyRequests->sent(request.id);
    }
    }
    return true;
}

void CryptoMachine::requestFailed(const CryptoRequest &request)
{
    switch (request.kind) {
    case CryptoRequest::Kind::KeysUpload:
        m_uploadInFlight.clear(); // the same keys go again next time
        break;
    case CryptoRequest::Kind::KeysQuery:
        if (request.id == m_queryInFlight)
            m_queryInFlight.clear();
        m_tracker->queryFailed(request.users);
        for (const QString &user : request.users)
            m_queryFailedMs.insert(user, m_clock());
        break;
    case CryptoRequest::Kind::KeysClaim:
        if (request.id == m_claimInFlight)
            m_claimInFlight.clear();
        break;
    case CryptoRequest::Kind::KeysChanges:
        // Without the answer we can't know who changed: everyone we follow is asked again.
        m_tracker->markOutdated(m_tracker->trackedUsers());
        break;
    case CryptoRequest::Kind::ToDevice:
        m_shares.remove(request.id);
        m_keyRequests->failed(request.id); // a key request is handed out again next time
        break;
    case CryptoRequest::Kind::None:
        break;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Sending into a room

QStringList CryptoMachine::usersToQuery(const QStringList &among)
{
    const qint64 now = m_clock();
    QStringList users;
    for (const QString &u : m_tracker->outdatedUsers()) {
        if (!among.isEmpty() && !among.contains(u))
            continue;
        const auto failed = m_queryFailedMs.constFind(u);
        if (failed != m_queryFailedMs.cend() && now - *failed < kQueryRetryMs)
            continue;
        users.append(u);
    }
    return users;
}

CryptoRequest CryptoMachine::keysQuery(const QStringList &users)
{
    CryptoRequest query;
    query.kind = CryptoRequest::Kind::KeysQuery;
    query.id = QStringLiteral("query-%1").arg(m_nextRequest++);
    query.users = users;
    QJsonObject body;
    for (const QString &u : users)
        body.insert(u, QJsonArray{});
    query.body = QJsonObject{{QStringLiteral("device_keys"), body}};
    m_tracker->queryStarted(users);
    m_queryInFlight = query.id;
    return query;
}

bool CryptoMachine::mayClaim(const StoredDevice &device) const
{
    return m_clock() - m_claimAttemptMs.value(deviceKey(device.userId, device.deviceId), 0) >= kClaimRetryMs;
}

CryptoRequest CryptoMachine::keysClaim(const QList<StoredDevice> &devices)
{
    const qint64 now = m_clock();
    QJsonObject wanted;
    for (const StoredDevice &d : devices) {
        m_claimAttemptMs.insert(deviceKey(d.userId, d.deviceId), now);
        QJsonObject perUser = wanted.value(d.userId).toObject();
        perUser.insert(d.deviceId, QStringLiteral("signed_curve25519"));
        wanted.insert(d.userId, perUser);
    }
    CryptoRequest claim;
    claim.kind = CryptoRequest::Kind::KeysClaim;
    claim.id = QStringLiteral("claim-%1").arg(m_nextRequest++);
    claim.body = QJsonObject{{QStringLiteral("one_time_keys"), wanted}};
    m_claimInFlight = claim.id;
    return claim;
}

QList<StoredDevice> CryptoMachine::recipientDevices(const QStringList &users)
{
    QList<StoredDevice> devices;
    for (const QString &user : users) {
        for (const StoredDevice &d : m_tracker->devices(user)) {
            if (user == m_userId && d.deviceId == m_deviceId)
                continue;
            if (supportsMegolm(d))
                devices.append(d);
        }
    }
    return devices;
}

CryptoMachine::ShareStep CryptoMachine::nextShareStep(const QString &roomId, const QStringList &recipients)
{
    ShareStep step;
    const auto encryption = m_store.roomEncryption(roomId);
    if (!encryption) {
        step.error = QStringLiteral("the room is not encrypted");
        return step;
    }
    QStringList users = recipients;
    if (!users.contains(m_userId))
        users.append(m_userId);
    if (!m_tracker->track(users)) {
        step.error = QStringLiteral("the device lists could not be stored");
        return step;
    }
    // 1. Device lists up to date.
    // (Users whose server failed to answer lately are not waited for: we go on with the devices we know.)
    const QStringList outdated = usersToQuery(users);
    if (!outdated.isEmpty()) {
        if (!m_queryInFlight.isEmpty()) {
            step.kind = ShareStep::Kind::Wait;
            return step;
        }
        step.kind = ShareStep::Kind::Send;
        step.request = keysQuery(outdated);
        return step;
    }
    // 2. An Olm session with every device (devices without any key left are tried again later).
    const QList<StoredDevice> devices = recipientDevices(users);
    QList<StoredDevice> reachable;
    QList<StoredDevice> toClaim;
    for (const StoredDevice &d : devices) {
        if (m_olm->hasSession(d.curve25519))
            reachable.append(d);
        else if (mayClaim(d))
            toClaim.append(d);
    }
    if (!toClaim.isEmpty()) {
        if (!m_claimInFlight.isEmpty()) {
            step.kind = ShareStep::Kind::Wait;
            return step;
        }
        step.kind = ShareStep::Kind::Send;
        step.request = keysClaim(toClaim);
        return step;
    }
    // 3. The room session (rotated when due) to every device that doesn't have it.
    MegolmSender::Plan plan;
    if (!m_sender->plan(roomId, reachable, RotationSettings::fromEncryptionContent(*encryption), &plan)) {
        step.error = QStringLiteral("the room key could not be created");
        return step;
    }
    if (plan.needKey.isEmpty()) {
        step.kind = ShareStep::Kind::Ready;
        return step;
    }
    auto roomKey = m_sender->roomKeyContent(roomId);
    if (!roomKey) {
        step.error = QStringLiteral("the room key could not be read");
        return step;
    }
    QJsonObject messages;
    QList<StoredDevice> sentTo;
    for (const StoredDevice &d : std::as_const(plan.needKey)) {
        auto encrypted = m_olm->encrypt(d, QStringLiteral("m.room_key"), roomKey.value());
        if (!encrypted) {
            qCWarning(lcCrypto) << "room key not encrypted for" << d.userId << d.deviceId << ":"
                                << cryptoErrorName(encrypted.error());
            continue;
        }
        QJsonObject perUser = messages.value(d.userId).toObject();
        perUser.insert(d.deviceId, encrypted.value());
        messages.insert(d.userId, perUser);
        sentTo.append(d);
    }
    if (sentTo.isEmpty()) {
        step.kind = ShareStep::Kind::Ready;
        return step;
    }
    CryptoRequest share;
    share.kind = CryptoRequest::Kind::ToDevice;
    share.id = newCryptoTransactionId();
    share.eventType = QStringLiteral("m.room.encrypted");
    share.body = QJsonObject{{QStringLiteral("messages"), messages}};
    m_shares.insert(share.id, {roomId, plan.sessionId, sentTo});
    qCInfo(lcCrypto) << "sharing the room key of" << roomId << "with" << sentTo.size() << "device(s)";
    step.kind = ShareStep::Kind::Send;
    step.request = share;
    return step;
}

CryptoResult<QJsonObject> CryptoMachine::encryptRoomEvent(const QString &roomId, const QString &type,
                                                          const QJsonObject &content)
{
    return m_sender->encrypt(roomId, type, content);
}

} // namespace estafette
