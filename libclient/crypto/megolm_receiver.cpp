#include "crypto/megolm_receiver.h"

#include "crypto/crypto_backend.h"
#include "crypto/olm_channel.h"
#include "crypto/secret_memory.h"
#include "events/event_encryption.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcMegolmIn, "estafette.crypto.megolm")

namespace estafette {

const QString kMegolmAlgorithm = QStringLiteral("m.megolm.v1.aes-sha2");

namespace {
constexpr int kCacheLimit = 64;

QString cacheKey(const QString &roomId, const QString &senderKey, const QString &sessionId)
{
    return roomId + QLatin1Char('|') + senderKey + QLatin1Char('|') + sessionId;
}
} // namespace

MegolmReceiver::MegolmReceiver(CryptoBackend &backend, CryptoStore &store, const QByteArray &pickleKey)
    : m_backend(backend), m_store(store), m_pickleKey(pickleKey)
{
}

MegolmReceiver::~MegolmReceiver()
{
    wipeSecret(m_pickleKey);
}

bool MegolmReceiver::sameRatchet(const StoredInboundGroupSession &existing, MegolmInboundSession &candidate)
{
    auto known = m_backend.unpickleMegolmInboundSession(existing.pickle, m_pickleKey);
    if (!known)
        return true; // ours is unreadable: the new one can only be better
    auto ours = known.value()->exportAt(existing.firstKnownIndex);
    auto theirs = candidate.exportAt(existing.firstKnownIndex);
    if (!ours || !theirs)
        return false;
    QByteArray a = std::move(ours).value();
    QByteArray b = std::move(theirs).value();
    const bool same = a == b;
    wipeSecret(a);
    wipeSecret(b);
    return same;
}

bool MegolmReceiver::store(StoredInboundGroupSession stored, MegolmInboundSession &object, bool *added)
{
    *added = false;
    stored.firstKnownIndex = object.firstKnownIndex();
    if (const auto existing = m_store.inboundGroupSession(stored.roomId, stored.senderKey, stored.sessionId)) {
        // Never replace a key with one that knows less (a later first index), nor a direct key by a forwarded one
        // of the same reach.
        if (existing->firstKnownIndex < stored.firstKnownIndex
            || (existing->firstKnownIndex == stored.firstKnownIndex && (!existing->imported || stored.imported)))
            return true;
        // A key that reaches further back must be the same session: from the index we know, both give the same
        // ratchet. Otherwise it is a forgery with the right session id, and would break what we can decrypt.
        if (!sameRatchet(*existing, object)) {
            qCWarning(lcMegolmIn) << "ignored a key for session" << stored.sessionId
                                  << "that doesn't match the one we have";
            return true;
        }
    }
    auto pickle = object.pickle(m_pickleKey);
    if (!pickle)
        return true; // nothing stored; not a store failure
    stored.pickle = pickle.value();
    if (!m_store.saveInboundGroupSession(stored))
        return false;
    m_cache.erase(cacheKey(stored.roomId, stored.senderKey, stored.sessionId));
    *added = true;
    return true;
}

bool MegolmReceiver::addRoomKey(const OlmPlaintext &key, bool *added, StoredInboundGroupSession *session)
{
    *added = false;
    const QJsonObject c = key.content;
    const QString roomId = c.value(QLatin1String("room_id")).toString();
    const QString sessionId = c.value(QLatin1String("session_id")).toString();
    QByteArray sessionKey = c.value(QLatin1String("session_key")).toString().toLatin1();
    if (c.value(QLatin1String("algorithm")).toString() != kMegolmAlgorithm || roomId.isEmpty()
        || sessionId.isEmpty() || sessionKey.isEmpty()) {
        qCWarning(lcMegolmIn) << "ignored a malformed m.room_key from" << key.sender;
        return true;
    }
    auto object = m_backend.createMegolmInboundSession(sessionKey);
    wipeSecret(sessionKey);
    if (!object || object.value()->sessionId() != sessionId) {
        qCWarning(lcMegolmIn) << "ignored an m.room_key whose key is invalid or not for its session id";
        return true;
    }
    StoredInboundGroupSession stored;
    stored.roomId = roomId;
    stored.senderKey = key.senderKey;
    stored.sessionId = sessionId;
    stored.claimedEd25519 = key.claimedEd25519;
    *session = stored;
    return store(stored, *object.value(), added);
}

bool MegolmReceiver::addForwardedRoomKey(const OlmPlaintext &key, bool *added, StoredInboundGroupSession *session)
{
    *added = false;
    const QJsonObject c = key.content;
    const QString roomId = c.value(QLatin1String("room_id")).toString();
    const QString sessionId = c.value(QLatin1String("session_id")).toString();
    const QString senderKey = c.value(QLatin1String("sender_key")).toString();
    QByteArray exported = c.value(QLatin1String("session_key")).toString().toLatin1();
    if (c.value(QLatin1String("algorithm")).toString() != kMegolmAlgorithm || roomId.isEmpty()
        || sessionId.isEmpty() || senderKey.isEmpty() || exported.isEmpty()) {
        qCWarning(lcMegolmIn) << "ignored a malformed m.forwarded_room_key";
        return true;
    }
    auto object = m_backend.importMegolmInboundSession(exported);
    wipeSecret(exported);
    if (!object || object.value()->sessionId() != sessionId) {
        qCWarning(lcMegolmIn) << "ignored a forwarded key that is invalid or not for its session id";
        return true;
    }
    StoredInboundGroupSession stored;
    stored.roomId = roomId;
    stored.senderKey = senderKey;
    stored.sessionId = sessionId;
    stored.claimedEd25519 = c.value(QLatin1String("sender_claimed_ed25519_key")).toString();
    stored.imported = true;
    for (const QJsonValue &k : c.value(QLatin1String("forwarding_curve25519_key_chain")).toArray())
        stored.forwardingChain.append(k.toString());
    stored.forwardingChain.append(key.senderKey);
    *session = stored;
    return store(stored, *object.value(), added);
}

bool MegolmReceiver::addOwnSession(const QString &roomId, const QString &ownCurve25519, const QString &ownEd25519,
                                   const QString &sessionId, const QByteArray &sessionKey)
{
    auto object = m_backend.createMegolmInboundSession(sessionKey);
    if (!object)
        return false;
    StoredInboundGroupSession stored;
    stored.roomId = roomId;
    stored.senderKey = ownCurve25519;
    stored.sessionId = sessionId;
    stored.claimedEd25519 = ownEd25519;
    bool added = false;
    return store(stored, *object.value(), &added);
}

const MegolmReceiver::Cached *MegolmReceiver::cached(const QString &roomId, const QString &senderKey,
                                                     const QString &sessionId)
{
    const QString key = cacheKey(roomId, senderKey, sessionId);
    auto it = m_cache.find(key);
    if (it != m_cache.end())
        return &it->second;
    auto stored = m_store.inboundGroupSession(roomId, senderKey, sessionId);
    if (!stored)
        return nullptr;
    auto object = m_backend.unpickleMegolmInboundSession(stored->pickle, m_pickleKey);
    if (!object)
        return nullptr;
    if (m_cache.size() >= std::size_t(kCacheLimit))
        m_cache.clear();
    stored->pickle.clear(); // not needed any more; the object is
    Cached entry{*stored, std::move(object).value()};
    return &m_cache.emplace(key, std::move(entry)).first->second;
}

MegolmReceiver::Verdict MegolmReceiver::judge(const QString &sender, const StoredInboundGroupSession &session)
{
    Verdict verdict;
    if (session.imported) {
        verdict.trust = SenderTrust::Forwarded;
        verdict.final = true;
        return verdict;
    }
    // The session's device among the sender's own devices (never a global lookup: anyone can copy a public key).
    const QString lookup = sender + QLatin1Char('|') + session.senderKey;
    auto known = m_devices.constFind(lookup);
    if (known == m_devices.cend())
        known = m_devices.insert(lookup, deviceWithCurveKey(m_store, sender, session.senderKey));
    const std::optional<StoredDevice> &device = *known;
    if (device) {
        const bool matches = device->ed25519 == session.claimedEd25519;
        verdict.trust = matches ? SenderTrust::KnownDevice : SenderTrust::Mismatch;
        if (matches)
            verdict.deviceId = device->deviceId;
        verdict.final = true; // a known device's ed25519 key never changes (DeviceTracker keeps the first one)
        return verdict;
    }
    // Not one of the devices we know of the sender: a spoof when we know the sender's devices.
    const bool listKnown = m_listCurrent ? m_listCurrent(sender) : !m_store.devices(sender).isEmpty();
    verdict.trust = listKnown ? SenderTrust::Mismatch : SenderTrust::UnknownDevice;
    return verdict;
}

Event MegolmReceiver::decrypt(const QString &roomId, const Event &encrypted, bool *storeFailed)
{
    const QJsonObject c = encrypted.content();
    if (c.value(QLatin1String("algorithm")).toString() != kMegolmAlgorithm)
        return undecryptableEvent(encrypted, DecryptionError::UnsupportedAlgorithm);
    const QString senderKey = c.value(QLatin1String("sender_key")).toString();
    const QString sessionId = c.value(QLatin1String("session_id")).toString();
    const QByteArray ciphertext = c.value(QLatin1String("ciphertext")).toString().toLatin1();
    if (senderKey.isEmpty() || sessionId.isEmpty() || ciphertext.isEmpty())
        return undecryptableEvent(encrypted, DecryptionError::Malformed);
    // Room state is never encrypted: decrypted "state" would bypass the server's authorisation rules.
    if (encrypted.isState())
        return undecryptableEvent(encrypted, DecryptionError::Malformed);

    // Unpickled sessions are kept between events (the machine is recreated when a transaction is rolled back,
    // so this never outlives what the store holds).
    const Cached *entry = cached(roomId, senderKey, sessionId);
    if (!entry) {
        if (m_store.inboundGroupSession(roomId, senderKey, sessionId))
            return undecryptableEvent(encrypted, DecryptionError::Malformed); // stored but not readable
        if (!m_store.addPendingDecryption({roomId, senderKey, sessionId, encrypted.eventId()}))
            *storeFailed = true;
        return undecryptableEvent(encrypted, DecryptionError::MissingKey);
    }
    const StoredInboundGroupSession *stored = &entry->meta;
    auto result = entry->object->decrypt(ciphertext);
    if (!result) {
        if (result.error() == CryptoError::UnknownMessageIndex) {
            // A forwarded key that starts earlier may still come.
            if (!m_store.addPendingDecryption({roomId, senderKey, sessionId, encrypted.eventId()}))
                *storeFailed = true;
            return undecryptableEvent(encrypted, DecryptionError::UnknownIndex);
        }
        return undecryptableEvent(encrypted, DecryptionError::Malformed);
    }
    MegolmPlaintext plain = std::move(result).value();
    const QJsonObject payload = QJsonDocument::fromJson(plain.plaintext).object();
    wipeSecret(plain.plaintext);

    const QString seenBy = m_store.megolmIndexEvent(senderKey, sessionId, plain.messageIndex);
    if (!seenBy.isEmpty() && seenBy != encrypted.eventId()) {
        qCWarning(lcMegolmIn) << "replayed message index" << plain.messageIndex << "of session" << sessionId
                              << "in" << encrypted.eventId() << "(first used by" << seenBy << ")";
        return undecryptableEvent(encrypted, DecryptionError::Replay);
    }

    const QString type = payload.value(QLatin1String("type")).toString();
    if (type.isEmpty() || !payload.value(QLatin1String("content")).isObject())
        return undecryptableEvent(encrypted, DecryptionError::Malformed);
    if (payload.value(QLatin1String("room_id")).toString() != roomId)
        return undecryptableEvent(encrypted, DecryptionError::WrongRoom);

    EncryptionStatus status;
    status.encrypted = true;
    status.decrypted = true;
    status.senderKey = senderKey;
    status.sessionId = sessionId;
    const Verdict verdict = judge(encrypted.sender(), *stored);
    status.trust = verdict.trust;
    status.deviceId = verdict.deviceId;
    // Not one of the sender's devices we know: judged again when their device list changes.
    if (!verdict.final && !encrypted.eventId().isEmpty()
        && !m_store.saveUnconfirmedSender({roomId, encrypted.eventId(), encrypted.sender(), senderKey,
                                           verdict.trust == SenderTrust::Mismatch}))
        *storeFailed = true;
    if (status.trust == SenderTrust::Mismatch)
        qCWarning(lcMegolmIn) << "event" << encrypted.eventId() << "from" << encrypted.sender()
                              << "was encrypted by a device that is not theirs";
    // The index belongs to the first event that used it, unless that one is a spoof: a copy posted by someone
    // else must not make the genuine message look like the replay.
    if (seenBy.isEmpty() && status.trust != SenderTrust::Mismatch
        && !m_store.recordMegolmIndex(senderKey, sessionId, plain.messageIndex, encrypted.eventId()))
        *storeFailed = true;
    QJsonObject content = payload.value(QLatin1String("content")).toObject();
    // Relations travel in the clear (the spec keeps m.relates_to outside the ciphertext).
    if (!content.contains(QLatin1String("m.relates_to")) && c.contains(QLatin1String("m.relates_to")))
        content.insert(QLatin1String("m.relates_to"), c.value(QLatin1String("m.relates_to")));
    return decryptedEvent(encrypted, type, content, status);
}

QList<Event> MegolmReceiver::retryPending(const QString &roomId, const QString &senderKey, const QString &sessionId,
                                          bool *storeFailed)
{
    QList<Event> decrypted;
    for (const QString &eventId : m_store.pendingDecryptions(roomId, senderKey, sessionId)) {
        const auto json = m_store.timelineEvent(roomId, eventId);
        if (!json) {
            m_store.removePendingDecryption(roomId, eventId);
            continue;
        }
        Event original(*json);
        if (json->contains(kE2eKey)) { // stored as undecryptable: decrypt its original form
            QJsonObject raw = *json;
            raw.remove(kE2eKey);
            original = Event(raw);
        }
        if (original.kind() != EventKind::Encrypted) {
            m_store.removePendingDecryption(roomId, eventId);
            continue;
        }
        const Event result = decrypt(roomId, original, storeFailed);
        const EncryptionStatus status = encryptionStatus(result);
        if (!status.decrypted && status.error == DecryptionError::MissingKey)
            continue;
        // A key that starts after this message: stored with that reason, and still waiting for a better key.
        const bool stillPending = !status.decrypted && status.error == DecryptionError::UnknownIndex;
        if (!m_store.replaceTimelineEvent(roomId, eventId, result.json())
            || (!stillPending && !m_store.removePendingDecryption(roomId, eventId))) {
            *storeFailed = true;
            continue;
        }
        decrypted.append(result);
    }
    return decrypted;
}

bool MegolmReceiver::reviewSender(const QString &userId, QMap<QString, QList<Event>> *changed)
{
    // Only what the new list can decide: events of the sender's current devices, and (once the list is current)
    // those judged while it was not. Mismatches of a key no device of theirs has stay as they are, unlooked at.
    QList<UnconfirmedSender> candidates;
    for (const StoredDevice &device : m_store.devices(userId))
        candidates.append(m_store.unconfirmedSenders(userId, device.curve25519));
    if (m_listCurrent && m_listCurrent(userId))
        candidates.append(m_store.unconfirmedSendersAwaitingList(userId));
    QSet<QString> seen;
    for (const UnconfirmedSender &u : std::as_const(candidates)) {
        const QString key = u.roomId + QLatin1Char('|') + u.eventId;
        if (seen.contains(key))
            continue;
        seen.insert(key);
        const auto json = m_store.timelineEvent(u.roomId, u.eventId);
        const Event event = json ? Event(*json) : Event();
        const EncryptionStatus status = encryptionStatus(event);
        const bool stillUnconfirmed = json && status.decrypted && event.sender() == u.sender
            && status.senderKey == u.senderKey
            && (status.trust == SenderTrust::UnknownDevice || status.trust == SenderTrust::Mismatch);
        const auto session = stillUnconfirmed
            ? m_store.inboundGroupSession(u.roomId, u.senderKey, status.sessionId)
            : std::nullopt;
        if (!session) { // no longer stored, redacted, or judged otherwise since
            if (!m_store.removeUnconfirmedSender(u.roomId, u.eventId))
                return false;
            continue;
        }
        const Verdict verdict = judge(u.sender, *session);
        if (verdict.trust != status.trust || verdict.deviceId != status.deviceId) {
            const Event judged = withSenderTrust(event, verdict.trust, verdict.deviceId);
            if (!m_store.replaceTimelineEvent(u.roomId, u.eventId, judged.json()))
                return false;
            (*changed)[u.roomId].append(judged);
            if (verdict.trust == SenderTrust::Mismatch)
                qCWarning(lcMegolmIn) << "event" << u.eventId << "from" << userId
                                      << "was encrypted by a device that is not theirs (found by a device query)";
        }
        // A final verdict is never looked at again; an open one is kept, noting whether the list was known.
        if (verdict.final) {
            if (!m_store.removeUnconfirmedSender(u.roomId, u.eventId))
                return false;
            continue;
        }
        const bool listKnown = verdict.trust == SenderTrust::Mismatch;
        if (listKnown != u.listKnown
            && !m_store.saveUnconfirmedSender({u.roomId, u.eventId, u.sender, u.senderKey, listKnown}))
            return false;
    }
    return true;
}

std::optional<QJsonObject> MegolmReceiver::forwardedKeyContent(const QString &roomId, const QString &senderKey,
                                                               const QString &sessionId)
{
    const Cached *entry = cached(roomId, senderKey, sessionId);
    if (!entry)
        return std::nullopt;
    const StoredInboundGroupSession *stored = &entry->meta;
    MegolmInboundSession *object = entry->object.get();
    auto exported = object->exportAt(object->firstKnownIndex());
    if (!exported)
        return std::nullopt;
    QJsonArray chain;
    for (const QString &k : stored->forwardingChain)
        chain.append(k);
    QJsonObject content{
        {QStringLiteral("algorithm"), kMegolmAlgorithm},
        {QStringLiteral("room_id"), roomId},
        {QStringLiteral("sender_key"), senderKey},
        {QStringLiteral("session_id"), sessionId},
        {QStringLiteral("session_key"), QString::fromLatin1(exported.value())},
        {QStringLiteral("sender_claimed_ed25519_key"), stored->claimedEd25519},
        {QStringLiteral("forwarding_curve25519_key_chain"), chain},
    };
    QByteArray secret = std::move(exported).value();
    wipeSecret(secret);
    return content;
}

} // namespace estafette
