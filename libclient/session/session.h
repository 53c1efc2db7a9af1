#pragma once

#include "net/matrix_error.h"
#include "store/credential_store.h"
#include "sync/sync_loop.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>

namespace estafette {

class AuthApi;
class BackPaginator;
class HomeserverDiscovery;
class HttpClient;
class Outbox;
class RoomActions;
class RoomApi;
class RoomList;

enum class SignInFailure {
    InvalidServerInput, // could not understand the homeserver field
    Unreachable,        // no answer from the server
    Tls,                // certificate problem
    NotMatrix,          // the host is not a Matrix homeserver
    WrongCredentials,   // M_FORBIDDEN
    UserDeactivated,    // M_USER_DEACTIVATED
    RateLimited,        // 429 that outlasted our patience
    Other,
};

enum class SignOutReason {
    UserRequested,   // the person signed out (token invalidated on the server)
    SessionExpired,  // M_UNKNOWN_TOKEN with soft_logout: sign in again keeps this device
    SessionRevoked,  // M_UNKNOWN_TOKEN: signed out elsewhere, device gone
};

// One signed-in account. Thin: it owns the parts and wires them; each part does its own job.
// Lifecycle: signIn()/resume() -> signedIn() -> sync runs -> signOut() or token loss -> signedOut().
class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    void signIn(const QString &serverInput, const QString &user, const QString &password,
                const QString &deviceId = {});
    void resume(const SessionCredentials &credentials);
    void signOut();

    bool isSignedIn() const { return m_credentials.isValid(); }
    SessionCredentials credentials() const { return m_credentials; }
    QString userId() const { return m_credentials.userId; }
    ConnectionState connectionState() const;

    HttpClient *http() const { return m_http; }
    // Valid between signedIn() and signedOut(); nullptr otherwise.
    RoomList *rooms() const { return m_rooms; }
    Outbox *outbox() const { return m_outbox; }
    RoomActions *roomActions() const { return m_actions; }
    BackPaginator *paginator() const { return m_paginator; }
    SyncLoop *syncLoop() const { return m_sync; }

signals:
    void signInFailed(estafette::SignInFailure failure, const estafette::MatrixError &error);
    void signedIn();
    void firstSyncDone();
    void signedOut(estafette::SignOutReason reason);
    void connectionStateChanged(estafette::ConnectionState state);

private:
    void startAccount(const SessionCredentials &credentials);
    void stopAccount(SignOutReason reason);
    void onSynced(const SyncDeltaPtr &delta);

    HttpClient *m_http;
    std::unique_ptr<AuthApi> m_auth;
    std::unique_ptr<RoomApi> m_roomApi;
    QPointer<HomeserverDiscovery> m_discovery;
    SyncLoop *m_sync = nullptr;
    RoomList *m_rooms = nullptr;
    Outbox *m_outbox = nullptr;
    RoomActions *m_actions = nullptr;
    BackPaginator *m_paginator = nullptr;
    SessionCredentials m_credentials;
    bool m_firstSyncDone = false;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::SignInFailure)
Q_DECLARE_METATYPE(estafette::SignOutReason)
