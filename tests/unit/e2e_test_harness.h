// Shared by the test_crypto_machine_* and test_device_tracker tests: several CryptoMachines, each on its own
// AccountStore in a temporary folder with its own user and device id, and a small in-memory stand-in for the
// homeserver's side of end-to-end encryption that answers their CryptoRequests the way Synapse does:
//   keys/upload   keeps each device's device keys, one-time keys and fallback key (a new or changed device key
//                 is a device list change of its user)
//   keys/query    the stored device_keys of the users asked for
//   keys/claim    one one-time key per device, else its fallback key
//   keys/changes  the users whose device list changed between two sync tokens
//   sendToDevice  `messages` delivered as {type, sender, content} in the recipients' next sync ("*": every
//                 device of the user); a transaction id the sending device used already is accepted and not
//                 delivered again (Synapse's idempotence)
// and the room side: rooms with members, m.room.encrypted events built from encryptRoomEvent() output, each
// client's next SyncDelta (to-device, device_lists, key counts, rooms) written the way StoreBridge does it:
// CryptoMachine::receiveSync then AccountStore::writeSync, in one inTransaction.
// Header-only: every tests/unit/test_*.cpp is its own executable.
#pragma once

#include "crypto/crypto_backend.h"
#include "crypto/crypto_machine.h"
#include "crypto/device_keys.h"
#include "events/event_encryption.h"
#include "store/account_store.h"
#include "test_store_helpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>

#include <algorithm>
#include <memory>
#include <optional>

namespace estafette::e2etest {

inline const QString kMegolm = QStringLiteral("m.megolm.v1.aes-sha2");
inline const QString kOlm = QStringLiteral("m.olm.v1.curve25519-aes-sha2");
inline const QString kSignedCurve = QStringLiteral("signed_curve25519");

// One device: its store (kept across restarts), its machine, and what its next sync will bring.
struct Client {
    QString userId;
    QString deviceId;
    QString path;
    std::unique_ptr<AccountStore> store;
    std::unique_ptr<CryptoBackend> backend;
    std::unique_ptr<CryptoMachine> machine;
    IdentityKeys identity;
    bool loggedIn = true;
    // The next sync.
    QList<Event> toDevice;          // the test may read, remove or alter these before the sync
    bool holdToDevice = false;      // leave toDevice for a later sync
    QStringList changed;            // extra device_lists.changed
    QStringList left;               // device_lists.left
    QMap<QString, RoomDelta> rooms; // room id -> what the room brings
    int since = 0;                  // server stream position of the last sync
    // Stored events whose sender trust a device query changed (requestSucceeded's *rejudged), all so far.
    QMap<QString, QList<Event>> rejudged;

    CryptoMachine &m() { return *machine; }
    CryptoStore &cs() { return store->crypto(); }
    QString curve() const { return identity.curve25519; }
    QString ed() const { return identity.ed25519; }
};

struct SyncResult {
    bool ok = false;
    SyncDelta delta; // as receiveSync left it (timelines decrypted)
    QMap<QString, QList<Event>> redecrypted;

    std::optional<Event> event(const QString &roomId, const QString &eventId) const
    {
        for (const RoomDelta &rd : delta.rooms) {
            if (rd.roomId != roomId)
                continue;
            for (const Event &e : rd.timeline) {
                if (e.eventId() == eventId)
                    return e;
            }
        }
        return std::nullopt;
    }
};

// A Megolm session made outside any machine, as a forger would (for events a machine would never send).
struct RawMegolm {
    std::unique_ptr<MegolmOutboundSession> session;
    QString sessionId;
    QByteArray sessionKey; // at index 0
};

class FakeHomeserver {
public:
    qint64 now = 1700000000000LL; // every machine's clock
    QString error;                // why the last helper returned false

    struct ServerDevice {
        QJsonObject deviceKeys;
        QList<QPair<QString, QJsonObject>> oneTimeKeys; // "signed_curve25519:ID" -> signed key, oldest first
        QString fallbackId;
        QJsonObject fallbackKey;
        bool fallbackUsed = false;
    };
    QMap<QString, QMap<QString, ServerDevice>> keys; // user -> device -> keys
    // Every request answered: (user|device, request).
    QList<QPair<QString, CryptoRequest>> log;
    QJsonObject lastClaimResponse;
    bool failQueries = false;

    FakeHomeserver() { m_dir.setAutoRemove(true); }
    ~FakeHomeserver()
    {
        for (auto &c : m_clients) { // machines before their stores
            c->machine.reset();
            c->store.reset();
        }
    }

    // --- devices ---------------------------------------------------------------------------------------------

    // A device that has logged in (to-device messages reach it from now on), with its machine started.
    Client &addClient(const QString &userId, const QString &deviceId, bool startCrypto = true)
    {
        auto c = std::make_unique<Client>();
        c->userId = userId;
        c->deviceId = deviceId;
        c->path = m_dir.filePath(QString(userId + QLatin1Char('_') + deviceId).remove(QLatin1Char('@'))
                                     .replace(QLatin1Char(':'), QLatin1Char('_')) + QStringLiteral(".db"));
        StoreError storeError;
        c->store = AccountStore::open(c->path, storetest::key(), &storeError);
        Client &client = *c;
        m_clients.push_back(std::move(c));
        // A new device sees the rooms its user is in, with their history.
        for (const ServerRoom &room : std::as_const(m_rooms)) {
            if (room.joined.contains(userId)) {
                RoomDelta &rd = pendingRoom(client, room.id);
                rd.state = room.state;
                rd.timeline = room.timeline;
            }
        }
        if (client.store && startCrypto)
            startMachine(client);
        return client;
    }

    bool startMachine(Client &c)
    {
        if (!c.store) {
            error = QStringLiteral("no store for ") + c.deviceId;
            return false;
        }
        c.backend = createCryptoBackend();
        AccountStore *store = c.store.get();
        c.machine = std::make_unique<CryptoMachine>(
            *c.backend, store->crypto(),
            [store](const StoredCryptoAccount &account) { return store->saveCryptoAccount(account); }, c.userId,
            c.deviceId, [this] { return now; });
        if (!c.machine->start(store->loadCryptoAccount(), store->syncToken(), &error)) {
            c.machine.reset();
            return false;
        }
        c.identity = c.machine->identityKeys();
        return true;
    }

    void stopMachine(Client &c) { c.machine.reset(); }

    // A new machine on the same store (closed and opened again when `reopenStore`), as after a restart.
    bool restart(Client &c, bool reopenStore = true)
    {
        c.machine.reset();
        if (reopenStore) {
            c.store.reset();
            StoreError storeError;
            c.store = AccountStore::open(c.path, storetest::key(), &storeError);
        }
        return startMachine(c);
    }

    // The device logs out: its keys are deleted and its user's device list changes.
    void removeDevice(Client &c)
    {
        c.loggedIn = false;
        keys[c.userId].remove(c.deviceId);
        logChange(c.userId);
    }

    // The user's device list changed (as Synapse reports in device_lists.changed).
    void logChange(const QString &userId) { m_changes.append({m_stream++, userId}); }

    // Replaces a device's published keys as a malicious server could.
    void setDeviceKeys(const QString &userId, const QString &deviceId, const QJsonObject &deviceKeys)
    {
        keys[userId][deviceId].deviceKeys = deviceKeys;
        logChange(userId);
    }

    void dropOneTimeKeys(const QString &userId, const QString &deviceId) { keys[userId][deviceId].oneTimeKeys.clear(); }

    // --- requests --------------------------------------------------------------------------------------------

    QList<CryptoRequest> takeRequests(Client &c)
    {
        QList<CryptoRequest> requests;
        c.store->inTransaction([&] {
            requests = c.machine->outgoingRequests();
            return true;
        });
        return requests;
    }

    // The server's answer; nullopt when it fails the request.
    std::optional<QJsonObject> answer(Client &from, const CryptoRequest &r)
    {
        log.append({from.userId + QLatin1Char('|') + from.deviceId, r});
        switch (r.kind) {
        case CryptoRequest::Kind::KeysUpload:
            return upload(from, r.body);
        case CryptoRequest::Kind::KeysQuery:
            if (failQueries)
                return std::nullopt;
            return query(r.body);
        case CryptoRequest::Kind::KeysClaim:
            lastClaimResponse = claim(r.body);
            return lastClaimResponse;
        case CryptoRequest::Kind::KeysChanges:
            return changes(r.from, r.to);
        case CryptoRequest::Kind::ToDevice: {
            const QString txn = from.userId + QLatin1Char('|') + from.deviceId + QLatin1Char('|') + r.id;
            if (!m_toDeviceTransactions.contains(txn)) {
                m_toDeviceTransactions.insert(txn);
                deliverToDevice(from.userId, r.eventType, r.body.value(QLatin1String("messages")).toObject());
            }
            return QJsonObject{};
        }
        case CryptoRequest::Kind::None:
            break;
        }
        return std::nullopt;
    }

    // Sends one request and reports its answer to the machine.
    bool complete(Client &c, const CryptoRequest &r)
    {
        const auto response = answer(c, r);
        if (!response) {
            c.machine->requestFailed(r);
            return true;
        }
        QMap<QString, QList<Event>> rejudged;
        if (!c.store->inTransaction([&] { return c.machine->requestSucceeded(r, *response, &rejudged); })) {
            error = QStringLiteral("requestSucceeded failed for ") + r.id;
            return false;
        }
        for (auto it = rejudged.constBegin(); it != rejudged.constEnd(); ++it)
            c.rejudged[it.key()].append(it.value());
        return true;
    }

    // Sends the machine's requests until it has nothing more to send; *count = how many were sent.
    bool pump(Client &c, int *count = nullptr)
    {
        int sent = 0;
        for (int round = 0; round < 20; ++round) {
            const QList<CryptoRequest> requests = takeRequests(c);
            if (requests.isEmpty()) {
                if (count)
                    *count = sent;
                return true;
            }
            for (const CryptoRequest &r : requests) {
                ++sent;
                if (!complete(c, r))
                    return false;
            }
        }
        error = QStringLiteral("the machine kept asking for requests");
        return false;
    }

    // Requests answered so far of one kind (and for ToDevice, one event type), from one device.
    int countRequests(const Client &c, CryptoRequest::Kind kind, const QString &eventType = {}) const
    {
        int n = 0;
        const QString who = c.userId + QLatin1Char('|') + c.deviceId;
        for (const auto &[from, r] : log) {
            if (from == who && r.kind == kind && (eventType.isEmpty() || r.eventType == eventType))
                ++n;
        }
        return n;
    }

    // --- sync ------------------------------------------------------------------------------------------------

    QString currentToken() const { return QStringLiteral("s%1").arg(m_stream); }

    SyncResult sync(Client &c)
    {
        SyncResult result;
        SyncDelta &d = result.delta;
        const int token = m_stream++;
        QSet<QString> changed(c.changed.cbegin(), c.changed.cend());
        c.changed.clear();
        for (const auto &[position, user] : std::as_const(m_changes)) {
            if (position > c.since)
                changed.insert(user);
        }
        c.since = token;
        d.nextBatch = QStringLiteral("s%1").arg(token);
        d.deviceListsChanged = QStringList(changed.cbegin(), changed.cend());
        d.deviceListsChanged.sort();
        d.deviceListsLeft = c.left;
        c.left.clear();
        const ServerDevice device = keys.value(c.userId).value(c.deviceId);
        d.oneTimeKeyCounts = QMap<QString, int>{{kSignedCurve, int(device.oneTimeKeys.size())}};
        d.unusedFallbackKeyTypes = QStringList();
        if (!device.fallbackKey.isEmpty() && !device.fallbackUsed)
            d.unusedFallbackKeyTypes->append(kSignedCurve);
        if (!c.holdToDevice) {
            d.toDevice = c.toDevice;
            c.toDevice.clear();
        }
        d.rooms = c.rooms.values();
        c.rooms.clear();
        if (!c.machine) {
            result.ok = c.store->writeSync(d);
        } else {
            result.ok = c.store->inTransaction(
                [&] { return c.machine->receiveSync(d, &result.redecrypted) && c.store->writeSync(d); });
        }
        if (!result.ok)
            error = QStringLiteral("the sync of %1 was not stored").arg(c.deviceId);
        return result;
    }

    // Every running client sends its requests and syncs, until nothing moves any more.
    bool settle()
    {
        for (int round = 0; round < 10; ++round) {
            bool busy = false;
            for (auto &c : m_clients) {
                if (!c->machine || !c->loggedIn)
                    continue;
                int sent = 0;
                if (!pump(*c, &sent))
                    return false;
                busy = busy || sent > 0;
            }
            for (auto &c : m_clients) {
                if (!c->machine || !c->loggedIn)
                    continue;
                busy = busy || !c->toDevice.isEmpty() || !c->rooms.isEmpty() || !c->changed.isEmpty()
                    || !c->left.isEmpty() || hasChanges(*c);
                if (!sync(*c).ok)
                    return false;
            }
            if (!busy)
                return true;
        }
        error = QStringLiteral("the clients never settled");
        return false;
    }

    // --- rooms -----------------------------------------------------------------------------------------------

    QJsonObject encryptionContent(int rotationMessages = 0, qint64 rotationMs = 0) const
    {
        QJsonObject content{{QStringLiteral("algorithm"), kMegolm}};
        if (rotationMessages > 0)
            content.insert(QStringLiteral("rotation_period_msgs"), rotationMessages);
        if (rotationMs > 0)
            content.insert(QStringLiteral("rotation_period_ms"), rotationMs);
        return content;
    }

    // An encrypted room these users have joined; their devices see it in their next sync.
    void createRoom(const QString &roomId, const QStringList &members, const QJsonObject &encryption = {})
    {
        ServerRoom room;
        room.id = roomId;
        room.state.append(storetest::stateEvent(QStringLiteral("m.room.encryption"), QString(),
                                                encryption.isEmpty() ? encryptionContent() : encryption,
                                                nextEventId(), members.value(0)));
        for (const QString &user : members) {
            room.state.append(storetest::member(user, QStringLiteral("join"), user.mid(1, 5), nextEventId()));
            room.joined.append(user);
        }
        m_rooms.insert(roomId, room);
        for (auto &c : m_clients) {
            if (c->loggedIn && members.contains(c->userId))
                pendingRoom(*c, roomId).state = room.state;
        }
    }

    QStringList members(const QString &roomId) const { return m_rooms.value(roomId).joined; }

    void join(const QString &roomId, const QString &user)
    {
        ServerRoom &room = m_rooms[roomId];
        const Event e = storetest::member(user, QStringLiteral("join"), user.mid(1, 5), nextEventId());
        deliver(roomId, e.json());
        room.state.append(e);
        room.joined.append(user);
        for (auto &c : m_clients) {
            if (c->loggedIn && c->userId == user) {
                RoomDelta &rd = pendingRoom(*c, roomId);
                rd.state = room.state;
                rd.timeline = room.timeline;
            }
        }
    }

    void leave(const QString &roomId, const QString &user)
    {
        ServerRoom &room = m_rooms[roomId];
        room.joined.removeAll(user);
        const Event e = storetest::member(user, QStringLiteral("leave"), user.mid(1, 5), nextEventId());
        room.state.append(e);
        deliver(roomId, e.json());
    }

    // A room event in the timeline of the room's members' next sync (or only `to`'s).
    void deliver(const QString &roomId, const QJsonObject &event, Client *to = nullptr)
    {
        if (!to)
            m_rooms[roomId].timeline.append(Event(event));
        for (auto &c : m_clients) {
            if (!c->loggedIn || (to && c.get() != to) || (!to && !m_rooms.value(roomId).joined.contains(c->userId)))
                continue;
            pendingRoom(*c, roomId).timeline.append(Event(event));
        }
    }

    // nextShareStep until Ready, each request answered; *steps names each step ("Query", "Claim", "ToDevice",
    // "Wait", "Ready").
    bool share(Client &c, const QString &roomId, QStringList *steps = nullptr, QStringList recipients = {})
    {
        if (recipients.isEmpty())
            recipients = members(roomId);
        QStringList local;
        QStringList &names = steps ? *steps : local;
        for (int i = 0; i < 30; ++i) {
            CryptoMachine::ShareStep step;
            c.store->inTransaction([&] {
                step = c.machine->nextShareStep(roomId, recipients);
                return step.kind != CryptoMachine::ShareStep::Kind::Failed;
            });
            switch (step.kind) {
            case CryptoMachine::ShareStep::Kind::Ready:
                names << QStringLiteral("Ready");
                return true;
            case CryptoMachine::ShareStep::Kind::Failed:
                error = QStringLiteral("share failed: ") + step.error;
                return false;
            case CryptoMachine::ShareStep::Kind::Wait:
                names << QStringLiteral("Wait");
                if (!pump(c))
                    return false;
                break;
            case CryptoMachine::ShareStep::Kind::Send:
                names << kindName(step.request.kind);
                if (!complete(c, step.request))
                    return false;
                break;
            }
        }
        error = QStringLiteral("share never became ready");
        return false;
    }

    std::optional<QJsonObject> encrypt(Client &c, const QString &roomId, const QString &type,
                                       const QJsonObject &content)
    {
        std::optional<QJsonObject> out;
        c.store->inTransaction([&] {
            auto encrypted = c.machine->encryptRoomEvent(roomId, type, content);
            if (!encrypted) {
                error = QStringLiteral("encryptRoomEvent: ") + cryptoErrorName(encrypted.error());
                return false;
            }
            out = encrypted.value();
            return true;
        });
        return out;
    }

    QJsonObject roomEvent(const QString &sender, const QString &type, const QJsonObject &content)
    {
        return QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("event_id"), nextEventId()},
                           {QStringLiteral("sender"), sender}, {QStringLiteral("origin_server_ts"), now},
                           {QStringLiteral("content"), content}};
    }

    // Shares the room key and encrypts a text message: the m.room.encrypted event as the server would serve it,
    // not delivered yet. Empty on failure.
    QJsonObject makeMessage(Client &from, const QString &roomId, const QString &body)
    {
        if (!share(from, roomId))
            return {};
        const auto content = encrypt(from, roomId, QStringLiteral("m.room.message"),
                                     QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                                 {QStringLiteral("body"), body}});
        if (!content)
            return {};
        return roomEvent(from.userId, QStringLiteral("m.room.encrypted"), *content);
    }

    // makeMessage, delivered to every member (the sender's devices included).
    QJsonObject sendMessage(Client &from, const QString &roomId, const QString &body)
    {
        const QJsonObject event = makeMessage(from, roomId, body);
        if (!event.isEmpty())
            deliver(roomId, event);
        return event;
    }

    // --- forging (what a buggy or malicious device could send) -------------------------------------------------

    // A key of `userId`'s device handed out as /keys/claim would ({key, signatures[, fallback]}); empty if none.
    QJsonObject claimKeyObject(const QString &userId, const QString &deviceId)
    {
        const QJsonObject response = claim(QJsonObject{
            {QStringLiteral("one_time_keys"), QJsonObject{{userId, QJsonObject{{deviceId, kSignedCurve}}}}}});
        const QJsonObject claimed =
            response.value(QLatin1String("one_time_keys")).toObject().value(userId).toObject().value(deviceId).toObject();
        return claimed.isEmpty() ? QJsonObject{} : claimed.constBegin().value().toObject();
    }

    // An Olm session that `from`'s account opens to `to` outside its machine.
    std::unique_ptr<OlmSession> rawOlmSession(Client &from, Client &to)
    {
        const QJsonObject key = claimKeyObject(to.userId, to.deviceId);
        auto session = from.m().account().olm().createOutboundSession(to.curve(), key.value(QLatin1String("key")).toString());
        if (!session) {
            error = QStringLiteral("createOutboundSession: ") + cryptoErrorName(session.error());
            return nullptr;
        }
        return std::move(session).value();
    }

    // The Olm plaintext a correct client would send from `from` to `to`.
    static QJsonObject olmPayload(const Client &from, const Client &to, const QString &type, const QJsonObject &content)
    {
        return QJsonObject{
            {QStringLiteral("type"), type},
            {QStringLiteral("content"), content},
            {QStringLiteral("sender"), from.userId},
            {QStringLiteral("sender_device"), from.deviceId},
            {QStringLiteral("recipient"), to.userId},
            {QStringLiteral("recipient_keys"), QJsonObject{{QStringLiteral("ed25519"), to.ed()}}},
            {QStringLiteral("keys"), QJsonObject{{QStringLiteral("ed25519"), from.ed()}}},
        };
    }

    // A to-device m.room.encrypted event carrying `payload` over `session`, put in `to`'s next sync.
    bool sendRawOlm(Client &from, OlmSession &session, Client &to, const QJsonObject &payload,
                    const QString &eventSender = {})
    {
        auto message = session.encrypt(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        if (!message) {
            error = QStringLiteral("Olm encrypt failed");
            return false;
        }
        const QJsonObject content{
            {QStringLiteral("algorithm"), kOlm},
            {QStringLiteral("sender_key"), from.curve()},
            {QStringLiteral("ciphertext"),
             QJsonObject{{to.curve(), QJsonObject{{QStringLiteral("type"), int(message.value().type)},
                                                  {QStringLiteral("body"), QString::fromLatin1(message.value().body)}}}}},
        };
        to.toDevice.append(Event(QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.encrypted")},
                                             {QStringLiteral("sender"), eventSender.isEmpty() ? from.userId : eventSender},
                                             {QStringLiteral("content"), content}}));
        return true;
    }

    RawMegolm rawMegolm(Client &c)
    {
        RawMegolm raw;
        auto session = c.backend->createMegolmOutboundSession();
        if (!session)
            return raw;
        raw.session = std::move(session).value();
        raw.sessionId = raw.session->sessionId();
        raw.sessionKey = raw.session->sessionKey().value();
        return raw;
    }

    static QJsonObject roomKeyContent(const QString &roomId, const RawMegolm &raw)
    {
        return QJsonObject{{QStringLiteral("algorithm"), kMegolm}, {QStringLiteral("room_id"), roomId},
                           {QStringLiteral("session_id"), raw.sessionId},
                           {QStringLiteral("session_key"), QString::fromLatin1(raw.sessionKey)}};
    }

    // An m.room.encrypted event content whose plaintext is `payload` ({type, content, room_id}).
    static QJsonObject megolmContent(RawMegolm &raw, const Client &device, const QJsonObject &payload)
    {
        const auto ciphertext = raw.session->encrypt(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        return QJsonObject{{QStringLiteral("algorithm"), kMegolm}, {QStringLiteral("sender_key"), device.curve()},
                           {QStringLiteral("session_id"), raw.sessionId}, {QStringLiteral("device_id"), device.deviceId},
                           {QStringLiteral("ciphertext"), QString::fromLatin1(ciphertext.value())}};
    }

    static QJsonObject textPayload(const QString &roomId, const QString &body)
    {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.message")},
                           {QStringLiteral("room_id"), roomId},
                           {QStringLiteral("content"), QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                                                   {QStringLiteral("body"), body}}}};
    }

    static QString kindName(CryptoRequest::Kind kind)
    {
        switch (kind) {
        case CryptoRequest::Kind::KeysUpload: return QStringLiteral("Upload");
        case CryptoRequest::Kind::KeysQuery: return QStringLiteral("Query");
        case CryptoRequest::Kind::KeysClaim: return QStringLiteral("Claim");
        case CryptoRequest::Kind::KeysChanges: return QStringLiteral("Changes");
        case CryptoRequest::Kind::ToDevice: return QStringLiteral("ToDevice");
        case CryptoRequest::Kind::None: break;
        }
        return QStringLiteral("None");
    }

private:
    struct ServerRoom {
        QString id;
        QList<Event> state;
        QList<Event> timeline;
        QStringList joined;
    };

    bool hasChanges(const Client &c) const
    {
        return std::any_of(m_changes.cbegin(), m_changes.cend(), [&c](const auto &change) { return change.first > c.since; });
    }

    QString nextEventId() { return QStringLiteral("$ev%1:test").arg(++m_eventCounter); }

    RoomDelta &pendingRoom(Client &c, const QString &roomId)
    {
        RoomDelta &rd = c.rooms[roomId];
        rd.roomId = roomId;
        rd.membership = Membership::Join;
        return rd;
    }

    QJsonObject upload(Client &from, const QJsonObject &body)
    {
        ServerDevice &d = keys[from.userId][from.deviceId];
        const QJsonObject deviceKeys = body.value(QLatin1String("device_keys")).toObject();
        if (!deviceKeys.isEmpty() && deviceKeys != d.deviceKeys) {
            d.deviceKeys = deviceKeys;
            logChange(from.userId);
        }
        const QJsonObject oneTime = body.value(QLatin1String("one_time_keys")).toObject();
        for (auto it = oneTime.constBegin(); it != oneTime.constEnd(); ++it)
            d.oneTimeKeys.append({it.key(), it.value().toObject()});
        const QJsonObject fallback = body.value(QLatin1String("fallback_keys")).toObject();
        for (auto it = fallback.constBegin(); it != fallback.constEnd(); ++it) {
            d.fallbackId = it.key();
            d.fallbackKey = it.value().toObject();
            d.fallbackUsed = false;
        }
        return QJsonObject{{QStringLiteral("one_time_key_counts"),
                            QJsonObject{{kSignedCurve, int(d.oneTimeKeys.size())}}}};
    }

    QJsonObject query(const QJsonObject &body) const
    {
        QJsonObject all;
        const QJsonObject wanted = body.value(QLatin1String("device_keys")).toObject();
        for (auto user = wanted.constBegin(); user != wanted.constEnd(); ++user) {
            QJsonObject devices;
            const auto known = keys.value(user.key());
            for (auto it = known.constBegin(); it != known.constEnd(); ++it) {
                if (!it->deviceKeys.isEmpty())
                    devices.insert(it.key(), it->deviceKeys);
            }
            all.insert(user.key(), devices);
        }
        return QJsonObject{{QStringLiteral("device_keys"), all}, {QStringLiteral("failures"), QJsonObject{}}};
    }

    QJsonObject claim(const QJsonObject &body)
    {
        QJsonObject out;
        const QJsonObject wanted = body.value(QLatin1String("one_time_keys")).toObject();
        for (auto user = wanted.constBegin(); user != wanted.constEnd(); ++user) {
            QJsonObject devices;
            const QJsonObject perUser = user.value().toObject();
            for (auto dev = perUser.constBegin(); dev != perUser.constEnd(); ++dev) {
                if (!keys.contains(user.key()) || !keys[user.key()].contains(dev.key()))
                    continue;
                ServerDevice &d = keys[user.key()][dev.key()];
                if (!d.oneTimeKeys.isEmpty()) {
                    const auto key = d.oneTimeKeys.takeFirst();
                    devices.insert(dev.key(), QJsonObject{{key.first, key.second}});
                } else if (!d.fallbackKey.isEmpty()) {
                    d.fallbackUsed = true;
                    devices.insert(dev.key(), QJsonObject{{d.fallbackId, d.fallbackKey}});
                }
            }
            if (!devices.isEmpty())
                out.insert(user.key(), devices);
        }
        return QJsonObject{{QStringLiteral("one_time_keys"), out}, {QStringLiteral("failures"), QJsonObject{}}};
    }

    QJsonObject changes(const QString &from, const QString &to) const
    {
        const int a = from.mid(1).toInt();
        const int b = to.mid(1).toInt();
        QSet<QString> changed;
        for (const auto &[position, user] : m_changes) {
            if (position > a && position < b)
                changed.insert(user);
        }
        QStringList list(changed.cbegin(), changed.cend());
        list.sort();
        return QJsonObject{{QStringLiteral("changed"), QJsonArray::fromStringList(list)},
                           {QStringLiteral("left"), QJsonArray{}}};
    }

    void deliverToDevice(const QString &sender, const QString &type, const QJsonObject &messages)
    {
        for (auto user = messages.constBegin(); user != messages.constEnd(); ++user) {
            const QJsonObject perDevice = user.value().toObject();
            for (auto dev = perDevice.constBegin(); dev != perDevice.constEnd(); ++dev) {
                for (auto &c : m_clients) {
                    if (!c->loggedIn || c->userId != user.key()
                        || (dev.key() != QLatin1String("*") && dev.key() != c->deviceId))
                        continue;
                    c->toDevice.append(Event(QJsonObject{{QStringLiteral("type"), type},
                                                         {QStringLiteral("sender"), sender},
                                                         {QStringLiteral("content"), dev.value().toObject()}}));
                }
            }
        }
    }

    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<Client>> m_clients;
    QMap<QString, ServerRoom> m_rooms;
    QSet<QString> m_toDeviceTransactions; // user|device|txn id of every to-device request accepted
    QList<QPair<int, QString>> m_changes; // stream position -> user whose device list changed
    int m_stream = 1;
    int m_eventCounter = 0;
};

// The cast of the machine tests.
inline const QString kRoom = QStringLiteral("!room:test");
inline const QString kAlice = QStringLiteral("@alice:test");
inline const QString kBob = QStringLiteral("@bob:test");
inline const QString kCarol = QStringLiteral("@carol:test");
inline const QString kDave = QStringLiteral("@dave:test");
inline const QString kMallory = QStringLiteral("@mallory:test");

// The Megolm session id and the event id of a room event as the fake server built it.
// A type 1 Olm message no session can decrypt, as from a device whose session with us broke.
inline Event undecryptable(const Client &from, const Client &to)
{
    QByteArray noise(120, '\0');
    for (int i = 0; i < noise.size(); ++i)
        noise[i] = char(i * 37 + 11);
    const QJsonObject content{
        {QStringLiteral("algorithm"), kOlm},
        {QStringLiteral("sender_key"), from.curve()},
        {QStringLiteral("ciphertext"),
         QJsonObject{{to.curve(), QJsonObject{{QStringLiteral("type"), 1},
                                              {QStringLiteral("body"),
                                               QString::fromLatin1(noise.toBase64(QByteArray::OmitTrailingEquals))}}}}},
    };
    return Event(QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.encrypted")},
                             {QStringLiteral("sender"), from.userId},
                             {QStringLiteral("content"), content}});
}

inline QString sessionOf(const QJsonObject &event)
{
    return event.value(QLatin1String("content")).toObject().value(QLatin1String("session_id")).toString();
}

inline QString eventIdOf(const QJsonObject &event)
{
    return event.value(QLatin1String("event_id")).toString();
}

inline EncryptionStatus statusOf(const std::optional<Event> &event)
{
    return event ? encryptionStatus(*event) : EncryptionStatus{};
}

inline QString bodyOf(const std::optional<Event> &event)
{
    return event ? event->content().value(QLatin1String("body")).toString() : QString();
}

inline QStringList deviceIds(const QList<StoredDevice> &devices)
{
    QStringList ids;
    for (const StoredDevice &d : devices)
        ids << d.deviceId;
    return ids;
}

// The request of this kind (and to-device event type) in a list, if any.
inline std::optional<CryptoRequest> findRequest(const QList<CryptoRequest> &requests, CryptoRequest::Kind kind,
                                                const QString &eventType = {})
{
    for (const CryptoRequest &r : requests) {
        if (r.kind == kind && (eventType.isEmpty() || r.eventType == eventType))
            return r;
    }
    return std::nullopt;
}

} // namespace estafette::e2etest
