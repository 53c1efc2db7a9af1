#include "session/session.h"

#include "api/auth_api.h"
#include "api/keys_api.h"
#include "api/room_api.h"
#include "net/homeserver_discovery.h"
#include "net/http_client.h"
#include "rooms/back_paginator.h"
#include "rooms/local_echo_applier.h"
#include "rooms/outbox.h"
#include "session/media_session.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "rooms/message_actions.h"
#include "rooms/typing_notifier.h"
#include "session/room_actions.h"
#include "session/store_bridge.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "estafette.session")

namespace estafette {

namespace {
const auto kDeviceDisplayName = QStringLiteral("Estafette");

SignInFailure failureFromLogin(const MatrixError &error)
{
    if (error.errcode == QLatin1String("M_FORBIDDEN"))
        return SignInFailure::WrongCredentials;
    if (error.errcode == QLatin1String("M_USER_DEACTIVATED"))
        return SignInFailure::UserDeactivated;
    if (error.isRateLimited())
        return SignInFailure::RateLimited;
    switch (error.kind) {
    case MatrixError::Kind::Network:
    case MatrixError::Kind::Timeout:
        return SignInFailure::Unreachable;
    case MatrixError::Kind::Tls:
        return SignInFailure::Tls;
    default:
        return SignInFailure::Other;
    }
}

SignInFailure failureFromDiscovery(HomeserverDiscovery::Failure failure)
{
    switch (failure) {
    case HomeserverDiscovery::Failure::InvalidInput:
        return SignInFailure::InvalidServerInput;
    case HomeserverDiscovery::Failure::Unreachable:
        return SignInFailure::Unreachable;
    case HomeserverDiscovery::Failure::Tls:
        return SignInFailure::Tls;
    case HomeserverDiscovery::Failure::NotMatrix:
        return SignInFailure::NotMatrix;
    }
    return SignInFailure::Other;
}
} // namespace

Session::Session(QObject *parent)
    : QObject(parent)
    , m_http(new HttpClient(this))
    , m_auth(std::make_unique<AuthApi>(m_http))
    , m_roomApi(std::make_unique<RoomApi>(m_http))
    , m_keysApi(std::make_unique<KeysApi>(m_http))
{
    qRegisterMetaType<SignInFailure>();
    qRegisterMetaType<SignOutReason>();
    qRegisterMetaType<ConnectionState>();
    qRegisterMetaType<MatrixError>();
    qRegisterMetaType<StoreError>();
    connect(m_http, &HttpClient::unknownToken, this, &Session::onTokenLost);
}

Session::~Session() = default;

ConnectionState Session::connectionState() const
{
    return m_sync ? m_sync->connectionState() : ConnectionState::Disconnected;
}

MatrixError Session::syncError() const
{
    return m_sync ? m_sync->lastError() : MatrixError{};
}

void Session::retrySync()
{
    if (m_sync && isSignedIn())
        m_sync->retryNow();
}

void Session::onTokenLost(const MatrixError &error)
{
    if (isSignedIn())
        stopAccount(error.softLogout ? SignOutReason::SessionExpired : SignOutReason::SessionRevoked);
}

void Session::onSyncFatal(const MatrixError &error)
{
    // HttpClient::unknownToken normally signs out before the loop sees the answer; whichever comes first wins.
    if (classifySyncFailure(error) == SyncFailure::TokenLost) {
        onTokenLost(error);
        return;
    }
    emit syncStopped(error);
}

void Session::signIn(const QString &serverInput, const QString &user, const QString &password,
                     const QString &deviceId, const AccountLocation &where)
{
    if (isSignedIn() || m_discovery)
        return;
    // A full user id alone is enough to find the server.
    const QString server = serverInput.trimmed().isEmpty() ? user.trimmed() : serverInput.trimmed();
    m_discovery = new HomeserverDiscovery(m_http, this);
    connect(m_discovery, &HomeserverDiscovery::failed, this,
            [this](HomeserverDiscovery::Failure failure, const MatrixError &error) {
                m_discovery->deleteLater();
                emit signInFailed(failureFromDiscovery(failure), error);
            });
    connect(m_discovery, &HomeserverDiscovery::resolved, this,
            [this, user, password, deviceId, where](const QUrl &baseUrl, const QStringList &) {
                m_discovery->deleteLater();
                login(baseUrl, user.trimmed(), password, deviceId, where);
            });
    m_discovery->start(server);
}

void Session::login(const QUrl &baseUrl, const QString &user, const QString &password, const QString &deviceId,
                    const AccountLocation &where)
{
    m_http->setHomeserver(baseUrl);
    m_http->setAccessToken({});
    auto *request = m_auth->login(user, password, kDeviceDisplayName, deviceId);
    connect(request, &PendingRequest::finished, this, [this, baseUrl, where](const HttpResponse &response) {
        if (!response.ok()) {
            emit signInFailed(failureFromLogin(response.error), response.error);
            return;
        }
        const auto login = AuthApi::parseLogin(response.json());
        if (!login) {
            emit signInFailed(SignInFailure::Other, MatrixError::invalidResponse(QStringLiteral("login response")));
            return;
        }
        SessionCredentials credentials;
        credentials.homeserver = login->homeserverOverride.isValid() ? login->homeserverOverride : baseUrl;
        credentials.userId = login->userId;
        credentials.deviceId = login->deviceId;
        credentials.accessToken = login->accessToken;
        if (where.isValid())
            createStore(where, credentials);
        else
            startAccount(credentials);
    });
}

void Session::createStore(const AccountLocation &where, const SessionCredentials &credentials)
{
    // The new account's store is created and holds the credentials before anything else happens.
    m_mediaPath = where.mediaPath();
    m_store = new StoreBridge(this);
    m_store->open(where, [this, credentials](const StoreBridge::Opened &opened) {
        if (!opened.error.ok()) {
            failStore(opened.error);
            return;
        }
        m_store->saveCredentials(credentials, [this, credentials](bool saved) {
            if (saved)
                startAccount(credentials);
            else
                failStore({StoreError::Kind::Io, QStringLiteral("credentials not saved")});
        });
    });
}

void Session::resumeFromStore(const AccountLocation &where)
{
    if (isSignedIn() || m_store)
        return;
    m_mediaPath = where.mediaPath();
    m_store = new StoreBridge(this);
    m_store->open(where, [this](const StoreBridge::Opened &opened) {
        if (!opened.error.ok()) {
            failStore(opened.error);
            return;
        }
        if (!opened.credentials || !opened.credentials->isValid()) {
            failStore({StoreError::Kind::WrongKeyOrCorrupt, QStringLiteral("no account in the store")});
            return;
        }
        startAccount(*opened.credentials, opened.snapshot, opened.outbox);
    });
}

void Session::failStore(const StoreError &error)
{
    qCWarning(lcSession) << "store failed:" << int(error.kind) << error.detail;
    if (isSignedIn()) {
        m_sync->stop();
    } else {
        delete m_store;
        m_store = nullptr;
    }
    emit storeFailed(error);
}

void Session::resume(const SessionCredentials &credentials)
{
    if (isSignedIn() || !credentials.isValid())
        return;
    startAccount(credentials);
}

void Session::startAccount(const SessionCredentials &credentials, const SyncDeltaPtr &snapshot,
                           const QList<OutboxEntry> &outbox)
{
    m_credentials = credentials;
    m_firstSyncDone = false;
    m_http->setHomeserver(credentials.homeserver);
    m_http->setAccessToken(credentials.accessToken);

    m_rooms = new RoomList(credentials.userId, this);
    m_outbox = new Outbox(m_roomApi.get(), m_rooms, credentials.userId, this);
    m_echoes = new LocalEchoApplier(m_outbox, m_rooms, this); // before restore(): restored entries are shown
    m_actions = new RoomActions(m_roomApi.get(), m_rooms, credentials.userId, this);
    m_messageActions = new MessageActions(m_outbox, m_rooms, credentials.userId, this);
    m_typing = new TypingNotifier(m_roomApi.get(), credentials.userId, this);
    m_paginator = new BackPaginator(m_roomApi.get(), this);
    m_sync = new SyncLoop(m_http, this);
    if (m_store) {
        m_outbox->setJournal(m_store);
        m_paginator->setHistorySource(m_store);
        m_sync->setWaitForCommit(true);
        // Only with a store: private keys that can't be kept must never be published.
        m_cryptoSession = new CryptoSession(m_store, m_keysApi.get(), m_roomApi.get(), m_rooms, credentials.userId,
                                            credentials.deviceId, this);
        m_outbox->setEncryptor(m_cryptoSession);
        if (!m_mediaPath.isEmpty())
            m_media = new MediaSession(m_http, m_store, m_outbox, m_mediaPath, this);
    }
    connect(m_sync, &SyncLoop::synced, this, &Session::onSynced);
    connect(m_sync, &SyncLoop::connectionStateChanged, this, &Session::connectionStateChanged);
    connect(m_sync, &SyncLoop::retryScheduled, this, &Session::syncRetryScheduled);
    connect(m_sync, &SyncLoop::fatalError, this, &Session::onSyncFatal);
    qCInfo(lcSession) << "signed in as" << credentials.userId << "device" << credentials.deviceId;
    // What the store knows is on screen before any network request.
    if (snapshot)
        m_rooms->applySync(*snapshot);
    // Started before the first sync response is stored (the store thread runs work in order).
    if (m_cryptoSession)
        m_cryptoSession->start();
    m_outbox->restore(outbox);
    if (m_media)
        m_media->sweep(outbox);
    emit signedIn();
    m_sync->start(snapshot ? snapshot->nextBatch : QString());
}

void Session::onSynced(const SyncDeltaPtr &delta)
{
    if (!m_rooms || !delta)
        return;
    if (!m_store) {
        m_rooms->applySync(*delta);
        if (!m_firstSyncDone) {
            m_firstSyncDone = true;
            emit firstSyncDone();
        }
        return;
    }
    // Decrypted and stored first (with its since token), then shown, then the loop moves on.
    m_store->writeSync(delta, [this, delta](const StoreBridge::SyncWritten &written) {
        if (!m_sync)
            return; // signed out meanwhile
        if (!written.ok) {
            failStore({StoreError::Kind::Io, QStringLiteral("sync response not stored")});
            return;
        }
        m_rooms->applySync(*written.delta);
        for (auto it = written.redecrypted.constBegin(); it != written.redecrypted.constEnd(); ++it) {
            if (Room *room = m_rooms->room(it.key()))
                room->replaceEvents(it.value());
        }
        if (!m_firstSyncDone) {
            m_firstSyncDone = true;
            emit firstSyncDone();
        }
        m_sync->commit(delta);
        if (m_cryptoSession)
            m_cryptoSession->syncSucceeded();
    });
}

void Session::signOut()
{
    if (!isSignedIn())
        return;
    m_sync->stop();
    auto *request = m_auth->logout();
    connect(request, &PendingRequest::finished, this, [this](const HttpResponse &response) {
        if (!response.ok())
            qCWarning(lcSession) << "server-side logout failed:" << response.error.message;
        stopAccount(SignOutReason::UserRequested);
    });
}

void Session::stopAccount(SignOutReason reason)
{
    if (!isSignedIn())
        return;
    m_sync->stop();
    m_outbox->setJournal(nullptr);
    m_outbox->setUploader(nullptr); // uploads still running are cancelled while their uploader exists
    // Media before the store: the cache writes its last files and rows, then its I/O thread stops.
    delete m_media;
    m_media = nullptr;
    m_paginator->setHistorySource(nullptr);
    for (QObject *part : std::initializer_list<QObject *>{m_sync, m_typing, m_messageActions, m_outbox, m_echoes, m_actions, m_paginator, m_rooms})
        part->deleteLater();
    // Before the store closes: nothing it started may reach a closed store.
    m_outbox->setEncryptor(nullptr);
    delete m_cryptoSession;
    m_cryptoSession = nullptr;
    // Closed now (on its thread), so the app may erase the account's files when signedOut() arrives.
    delete m_store;
    m_store = nullptr;
    m_sync = nullptr;
    m_outbox = nullptr;
    m_echoes = nullptr;
    m_actions = nullptr;
    m_messageActions = nullptr;
    m_typing = nullptr;
    m_paginator = nullptr;
    m_rooms = nullptr;
    m_credentials = {};
    m_http->setAccessToken({});
    emit signedOut(reason);
}

} // namespace estafette
