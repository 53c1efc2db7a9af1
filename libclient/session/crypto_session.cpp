#include "session/crypto_session.h"

#include "api/keys_api.h"
#include "api/room_api.h"
#include "crypto/crypto_error.h"
#include "net/http_client.h"
#include "net/retry_policy.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/store_bridge.h"
#include "store/account_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCryptoSession, "estafette.crypto.session")

namespace estafette {

namespace {
struct StartResult {
    bool ok = false;
    QString error;
    IdentityKeys identity;
    bool published = false;
    int target = 0;
    QStringList encryptedRooms;
};

struct StepResult {
    CryptoMachine::ShareStep step;
    QJsonObject encrypted; // step Ready: the event's m.room.encrypted content
};

// After a failed request: 1 s doubling to 30 s before anything is handed out again.
constexpr RetryPolicy kBackoff{0, 1000, 30000};

} // namespace

// A request the server will never accept as it is: the homeserver itself (a Matrix error body) refusing it with a
// 4xx that is neither a rate limit nor an invalid session (after a soft logout the same request goes through once
// signed in again). An error page without a Matrix body comes from something on the way (a proxy, a portal): retried,
// as sync does, so a queued Olm message is never dropped for it.
CryptoMachine::Failure CryptoSession::failureOf(const MatrixError &error)
{
    if (error.isHomeserverRefusal() && error.httpStatus != 401 && !error.isUnknownToken())
        return CryptoMachine::Failure::Refused;
    return CryptoMachine::Failure::Retry;
}

CryptoSession::CryptoSession(StoreBridge *store, KeysApi *keys, RoomApi *rooms, RoomList *roomList,
                             const QString &userId, const QString &deviceId, QObject *parent)
    : QObject(parent), m_store(store), m_keys(keys), m_rooms(rooms), m_roomList(roomList), m_userId(userId),
      m_deviceId(deviceId), m_backoff(new QTimer(this))
{
    m_backoff->setSingleShot(true);
    connect(m_backoff, &QTimer::timeout, this, &CryptoSession::pump);
    // Rooms seen encrypted are remembered for good (the store's list is added at start).
    const auto remember = [this](Room *room) {
        if (room && room->state().isEncrypted())
            m_encryptedRooms.insert(room->id());
    };
    connect(m_roomList, &RoomList::roomAdded, this, [remember](Room *room, int) { remember(room); });
    connect(m_roomList, &RoomList::roomUpdated, this, remember);
    for (int i = 0; i < m_roomList->count(); ++i)
        remember(m_roomList->at(i));
}

bool CryptoSession::remembersEncryption(const QString &roomId) const
{
    return m_encryptedRooms.contains(roomId);
}

CryptoSession::~CryptoSession()
{
    // Flows still waiting get their answer: not encrypted (the outbox keeps the message for the next start).
    const auto flows = m_flows;
    m_flows.clear();
    for (const Flow &flow : flows) {
        Result result;
        result.error = MatrixError::cancelled();
        flow.done(result);
    }
}

void CryptoSession::start()
{
    const QString userId = m_userId;
    const QString deviceId = m_deviceId;
    m_starting = true;
    QPointer<CryptoSession> self(this);
    m_store->run<StartResult>(
        [userId, deviceId](StoreWorkerState &state) {
            StartResult result;
            if (!state.store) {
                result.error = QStringLiteral("no store");
                return result;
            }
            state.cryptoRequired = true;
            if (!state.crypto && !state.startCrypto(userId, deviceId, &result.error))
                return result;
            result.ok = true;
            result.identity = state.crypto->identityKeys();
            result.published = state.crypto->account().deviceKeysPublished();
            result.encryptedRooms = state.crypto->encryptedRooms();
            result.target = state.crypto->account().oneTimeKeyTarget();
            return result;
        },
        [self](const StartResult &result) {
            if (!self)
                return;
            self->m_starting = false;
            if (!result.ok) {
                qCWarning(lcCryptoSession) << "end-to-end encryption unavailable:" << result.error;
                self->finishFlowsAwaitingStart(false);
                emit self->failed(result.error);
                return;
            }
            self->m_started = true;
            self->m_identity = result.identity;
            self->m_deviceKeysPublished = result.published;
            self->m_oneTimeKeyTarget = result.target;
            for (const QString &roomId : result.encryptedRooms)
                self->m_encryptedRooms.insert(roomId);
            emit self->started();
            self->finishFlowsAwaitingStart(true);
            self->pump();
        });
}

void CryptoSession::finishFlowsAwaitingStart(bool started)
{
    QList<int> waiting;
    for (auto it = m_flows.cbegin(); it != m_flows.cend(); ++it) {
        if (it->untilStarted)
            waiting.append(it.key());
    }
    std::sort(waiting.begin(), waiting.end()); // in the order they were asked for
    for (int flow : waiting) {
        if (!m_flows.contains(flow))
            continue;
        m_flows[flow].untilStarted = false;
        if (started) {
            startFlow(flow);
        } else {
            Result result;
            result.error = MatrixError::encryption(QStringLiteral("end-to-end encryption is not available"));
            finishFlow(flow, result);
        }
    }
}

void CryptoSession::syncSucceeded()
{
    m_backoff->stop();
    pump();
}

void CryptoSession::pump()
{
    // After a failed request the machine would hand the same request out again at once: wait first.
    if (!m_started || m_backoff->isActive())
        return;
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    QPointer<CryptoSession> self(this);
    struct Due {
        QList<CryptoRequest> requests;
        QList<StoredDevice> awaitingApproval;
    };
    m_store->run<Due>(
        [](StoreWorkerState &state) {
            Due due;
            if (!state.crypto || !state.store)
                return due;
            // Handing out requests can save new keys (generated before their upload): one transaction, and
            // nothing goes out if it was rolled back (keys that weren't kept must never be published).
            if (!state.cryptoTransaction([&] {
                    due.requests = state.crypto->outgoingRequests();
                    return true;
                }))
                due.requests.clear();
            if (state.crypto)
                due.awaitingApproval = state.crypto->takeDevicesAwaitingApproval();
            return due;
        },
        [self](const Due &due) {
            if (!self)
                return;
            self->m_pumping = false;
            for (const StoredDevice &device : due.awaitingApproval)
                emit self->ownDeviceWantsKeys(device);
            const QList<CryptoRequest> &requests = due.requests;
            for (const CryptoRequest &request : requests) {
                self->send(request, [self, request](bool ok, const QJsonObject &response, const MatrixError &error) {
                    if (self)
                        self->report(request, ok, response, error);
                });
            }
            if (self->m_pumpAgain) {
                self->m_pumpAgain = false;
                self->pump();
            }
        });
}

void CryptoSession::send(const CryptoRequest &request,
                         std::function<void(bool, const QJsonObject &, const MatrixError &)> done)
{
    PendingRequest *pending = nullptr;
    switch (request.kind) {
    case CryptoRequest::Kind::KeysUpload:
        pending = m_keys->upload(request.body);
        break;
    case CryptoRequest::Kind::KeysQuery:
        pending = m_keys->query(request.body);
        break;
    case CryptoRequest::Kind::KeysClaim:
        pending = m_keys->claim(request.body);
        break;
    case CryptoRequest::Kind::KeysChanges:
        pending = m_keys->changes(request.from, request.to);
        break;
    case CryptoRequest::Kind::ToDevice:
        // Same transaction id and body on every attempt (idempotent): retried until the server answers, however
        // long it is away (the message also stays queued in the store for the next start).
        pending = m_keys->sendToDevice(request.eventType, request.id, request.body, RetryPolicy::unlimited());
        break;
    case CryptoRequest::Kind::None:
        done(true, {}, {});
        return;
    }
    connect(pending, &PendingRequest::finished, this, [done = std::move(done), request](const HttpResponse &response) {
        MatrixError error = response.error;
        const QJsonDocument answer = error.ok() ? QJsonDocument::fromJson(response.body) : QJsonDocument();
        // A to-device message counts as delivered only on the homeserver's JSON answer, not on any 2xx page.
        if (error.ok() && request.kind == CryptoRequest::Kind::ToDevice && !answer.isObject())
            error = MatrixError::invalidResponse(QStringLiteral("to-device answer is not a JSON object"));
        if (!error.ok())
            qCWarning(lcCryptoSession) << "crypto request" << int(request.kind) << "failed:" << error.errcode
                                       << response.httpStatus << error.message;
        done(error.ok(), answer.object(), error);
    });
}

void CryptoSession::report(const CryptoRequest &request, bool ok, const QJsonObject &response,
                           const MatrixError &error)
{
    struct Reported {
        bool stored = false;
        QMap<QString, QList<Event>> rejudged; // room -> stored events whose sender trust a device query changed
    };
    QPointer<CryptoSession> self(this);
    const CryptoMachine::Failure failure = failureOf(error);
    m_store->run<Reported>(
        [request, ok, response, failure](StoreWorkerState &state) {
            Reported reported;
            if (!state.crypto || !state.store)
                return reported;
            if (!ok) {
                state.crypto->requestFailed(request, failure);
                reported.stored = true;
                return reported;
            }
            reported.stored = state.cryptoTransaction(
                [&] { return state.crypto->requestSucceeded(request, response, &reported.rejudged); });
            if (!reported.stored)
                reported.rejudged.clear(); // rolled back
            return reported;
        },
        [self, request, ok, response](const Reported &reported) {
            if (!self)
                return;
            const bool stored = reported.stored;
            if (!stored)
                qCWarning(lcCryptoSession) << "the answer to a crypto request could not be stored";
            for (auto it = reported.rejudged.constBegin(); it != reported.rejudged.constEnd(); ++it) {
                if (Room *room = self->m_roomList->room(it.key()))
                    room->replaceEvents(it.value());
            }
            if (ok && stored && request.kind == CryptoRequest::Kind::KeysUpload) {
                const int serverCount = response.value(QLatin1String("one_time_key_counts")).toObject()
                                            .value(QLatin1String("signed_curve25519")).toInt(0);
                if (request.body.contains(QLatin1String("device_keys"))) {
                    qCInfo(lcCryptoSession) << "device keys published";
                    self->m_deviceKeysPublished = true;
                    emit self->deviceKeysUploaded();
                } else {
                    const int oneTime = request.body.value(QLatin1String("one_time_keys")).toObject().size();
                    const bool fallback = request.body.contains(QLatin1String("fallback_keys"));
                    qCInfo(lcCryptoSession) << "uploaded" << oneTime << "one-time key(s)"
                                            << (fallback ? "and a fallback key" : "") << "; server holds"
                                            << serverCount;
                    emit self->keysUploaded(oneTime, fallback, serverCount);
                }
            }
            emit self->requestFinished(int(request.kind), ok && stored);
            self->resumeWaitingFlows();
            if (ok) {
                self->m_failuresInARow = 0;
            } else if (!self->m_backoff->isActive()) {
                // A server or a proxy refusing every request is not asked in a loop.
                self->m_backoff->start(kBackoff.backoffAfter(++self->m_failuresInARow));
                return;
            }
            self->pump();
        });
}

// ---------------------------------------------------------------------------------------------------------------
// Encrypting for the outbox

void CryptoSession::encrypt(const QString &roomId, const QString &type, const QJsonObject &content,
                            std::function<void(const Result &)> done)
{
    if (!m_started && !m_starting) {
        Result result;
        result.error = MatrixError::encryption(QStringLiteral("end-to-end encryption is not available"));
        done(result);
        return;
    }
    const int id = m_nextFlow++;
    m_flows.insert(id, Flow{roomId, type, content, std::move(done), false, !m_started});
    // Messages restored from the store at start are sent before the device is: they wait for it.
    if (m_started)
        startFlow(id);
}

void CryptoSession::startFlow(int flow)
{
    const QString roomId = m_flows.value(flow).roomId;
    if (m_membersLoaded.contains(roomId)) {
        step(flow);
        return;
    }
    // Lazy-loaded syncs don't list every member: the whole list once per room and session, then kept current by
    // the membership events every sync carries.
    PendingRequest *request = m_rooms->members(roomId);
    QPointer<CryptoSession> self(this);
    connect(request, &PendingRequest::finished, this, [self, flow, roomId](const HttpResponse &response) {
        if (!self || !self->m_flows.contains(flow))
            return;
        if (!response.ok()) {
            Result result;
            result.error = response.error;
            self->finishFlow(flow, result);
            return;
        }
        QList<Event> members;
        for (const QJsonValue &value : response.json().value(QLatin1String("chunk")).toArray()) {
            if (auto event = Event::fromJson(value, true))
                members.append(*event);
        }
        if (Room *room = self->m_roomList->room(roomId))
            room->applyMembers(members);
        self->m_membersLoaded.insert(roomId);
        self->step(flow);
    });
}

void CryptoSession::step(int flow)
{
    auto it = m_flows.find(flow);
    if (it == m_flows.end())
        return;
    it->waiting = false;
    const Flow f = *it;
    const Room *room = m_roomList->room(f.roomId);
    const QStringList recipients = room ? room->messageRecipients() : QStringList{m_userId};
    QPointer<CryptoSession> self(this);
    m_store->run<StepResult>(
        [f, recipients](StoreWorkerState &state) {
            StepResult result;
            if (!state.crypto || !state.store) {
                result.step.error = QStringLiteral("end-to-end encryption is not available");
                return result;
            }
            // "Ready" and the encryption in one job and transaction: nothing (a sync saying someone left, another
            // flow rotating the session) can come between the check and the ciphertext.
            const bool kept = state.cryptoTransaction([&] {
                result.step = state.crypto->nextShareStep(f.roomId, recipients);
                if (result.step.kind == CryptoMachine::ShareStep::Kind::Ready) {
                    auto encrypted = state.crypto->encryptRoomEvent(f.roomId, f.type, f.content);
                    if (!encrypted) {
                        result.step.kind = CryptoMachine::ShareStep::Kind::Failed;
                        result.step.error = QStringLiteral("encryption failed (%1)")
                                                .arg(cryptoErrorName(encrypted.error()));
                    } else {
                        result.encrypted = encrypted.value();
                    }
                }
                return result.step.kind != CryptoMachine::ShareStep::Kind::Failed;
            });
            // A step whose effects (new sessions, ratchets, the message index) were not stored must not go out.
            if (!kept && result.step.kind != CryptoMachine::ShareStep::Kind::Failed) {
                result = {};
                result.step.error = QStringLiteral("the encryption state could not be stored");
            }
            return result;
        },
        [self, flow](const StepResult &result) {
            if (!self || !self->m_flows.contains(flow))
                return;
            const CryptoMachine::ShareStep &step = result.step;
            switch (step.kind) {
            case CryptoMachine::ShareStep::Kind::Failed: {
                Result failed;
                failed.error = MatrixError::encryption(step.error);
                self->finishFlow(flow, failed);
                return;
            }
            case CryptoMachine::ShareStep::Kind::Wait:
                self->m_flows[flow].waiting = true; // resumed when the request in flight is answered
                return;
            case CryptoMachine::ShareStep::Kind::Send: {
                const CryptoRequest request = step.request;
                self->send(request, [self, flow, request](bool ok, const QJsonObject &response,
                                                          const MatrixError &error) {
                    if (!self)
                        return;
                    self->report(request, ok, response, error);
                    if (!self->m_flows.contains(flow))
                        return;
                    if (!ok) {
                        Result failed;
                        failed.error = error;
                        self->finishFlow(flow, failed);
                        return;
                    }
                    if (request.kind == CryptoRequest::Kind::ToDevice)
                        emit self->roomKeyShared(self->m_flows.value(flow).roomId,
                                                 int(request.body.value(QLatin1String("messages")).toObject().size()));
                    // The machine has taken the answer in before this runs (same worker queue).
                    self->step(flow);
                });
                return;
            }
            case CryptoMachine::ShareStep::Kind::Ready: {
                Result encrypted;
                encrypted.ok = true;
                encrypted.content = result.encrypted;
                self->finishFlow(flow, encrypted);
                return;
            }
            }
        });
}

void CryptoSession::finishFlow(int flow, const Result &result)
{
    auto it = m_flows.find(flow);
    if (it == m_flows.end())
        return;
    auto done = std::move(it->done);
    m_flows.erase(it);
    done(result);
}

void CryptoSession::resumeWaitingFlows()
{
    for (auto it = m_flows.begin(); it != m_flows.end(); ++it) {
        if (it->waiting)
            step(it.key());
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Approving our own devices' key requests

void CryptoSession::approveOwnDevice(const QString &deviceId)
{
    QPointer<CryptoSession> self(this);
    m_store->run<bool>(
        [deviceId](StoreWorkerState &state) {
            return state.crypto && state.cryptoTransaction([&] { return state.crypto->approveOwnDevice(deviceId); });
        },
        [self](const bool &) {
            if (self)
                self->pump(); // the forwarded keys (and a key claim first when needed)
        });
}

void CryptoSession::ignoreOwnDevice(const QString &deviceId)
{
    m_store->run<bool>(
        [deviceId](StoreWorkerState &state) {
            if (state.crypto)
                state.crypto->ignoreOwnDevice(deviceId);
            return true;
        },
        [](const bool &) {});
}

// ---------------------------------------------------------------------------------------------------------------
// Device lists for the UI

void CryptoSession::devices(const QString &userId, std::function<void(const QList<StoredDevice> &)> done)
{
    struct Known {
        bool current = false;
        QList<StoredDevice> devices;
    };
    QPointer<CryptoSession> self(this);
    m_store->run<Known>(
        [userId](StoreWorkerState &state) {
            Known known;
            if (!state.crypto || !state.store)
                return known;
            state.cryptoTransaction([&] { return state.crypto->trackUsers({userId}); });
            known.current = state.crypto->isDeviceListCurrent(userId);
            known.devices = state.crypto->devices(userId);
            return known;
        },
        [self, userId, done = std::move(done)](const Known &known) {
            if (!self)
                return;
            if (known.current || !self->m_started) {
                done(known.devices);
                return;
            }
            // Asked first: answered after the next device query (whatever it brought).
            auto connection = std::make_shared<QMetaObject::Connection>();
            *connection = connect(self, &CryptoSession::requestFinished, self,
                                  [self, userId, done, connection](int kind, bool) {
                                      if (kind != int(CryptoRequest::Kind::KeysQuery))
                                          return;
                                      disconnect(*connection);
                                      self->m_store->run<QList<StoredDevice>>(
                                          [userId](StoreWorkerState &state) {
                                              return state.crypto ? state.crypto->devices(userId)
                                                                  : QList<StoredDevice>();
                                          },
                                          [self, done](const QList<StoredDevice> &devices) {
                                              if (self)
                                                  done(devices);
                                          });
                                  });
            self->pump();
        });
}

} // namespace estafette
