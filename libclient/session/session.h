#pragma once

#include "net/matrix_error.h"
#include "rooms/outbox_journal.h"
#include "store/account_location.h"
#include "store/session_credentials.h"
#include "store/store_error.h"
#include "sync/sync_loop.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>

namespace estafette {

class AuthApi;
class BackPaginator;
class CryptoSession;
class KeysApi;
class MediaSession;
class LocalEchoApplier;
class MessageActions;
class TypingNotifier;
class HomeserverDiscovery;
class HttpClient;
class Outbox;
class RoomActions;
class RoomApi;
class RoomList;
class StoreBridge;

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

    // Discovery, /login, then the account's encrypted store at `where` is created and holds the credentials.
    // An invalid `where` keeps everything in memory (tests of the network layer only).
    void signIn(const QString &serverInput, const QString &user, const QString &password,
                const QString &deviceId = {}, const AccountLocation &where = {});
    // Opens the store at `where`: credentials, rooms and pending messages come from it and are shown before
    // any network request (signedIn() fires then); sync resumes from the stored token.
    void resumeFromStore(const AccountLocation &where);
    // Memory-only resume with known credentials (tests).
    void resume(const SessionCredentials &credentials);
    void signOut();

    bool isSignedIn() const { return m_credentials.isValid(); }
    SessionCredentials credentials() const { return m_credentials; }
    QString userId() const { return m_credentials.userId; }
    ConnectionState connectionState() const;
    // Why sync is Stopped, or the transient failure being retried; ok() while syncing normally.
    MatrixError syncError() const;
    // Sync Stopped on a permanent failure: starts it again from the last stored since token (nothing is
    // fetched twice, nothing skipped). While waiting to retry a transient failure: tries at once.
    void retrySync();

    HttpClient *http() const { return m_http; }
    // Valid between signedIn() and signedOut(); nullptr otherwise.
    RoomList *rooms() const { return m_rooms; }
    Outbox *outbox() const { return m_outbox; }
    RoomActions *roomActions() const { return m_actions; }
    MessageActions *messageActions() const { return m_messageActions; }
    TypingNotifier *typingNotifier() const { return m_typing; }
    BackPaginator *paginator() const { return m_paginator; }
    SyncLoop *syncLoop() const { return m_sync; }
    // End-to-end encryption; only for an account with a store (created before signedIn(), started after).
    CryptoSession *crypto() const { return m_cryptoSession; }
    // Files, photos and videos (uploads, the encrypted media cache, downloads); only for an account with a store
    // (valid between signedIn() and signedOut()).
    MediaSession *media() const { return m_media; }

signals:
    void signInFailed(estafette::SignInFailure failure, const estafette::MatrixError &error);
    void signedIn();
    void firstSyncDone();
    void signedOut(estafette::SignOutReason reason);
    void connectionStateChanged(estafette::ConnectionState state);
    // A transient sync failure; the next attempt starts in delayMs.
    void syncRetryScheduled(const estafette::MatrixError &error, int delayMs);
    // Sync stopped on a failure retrying cannot fix, other than token loss (that one ends in signedOut()):
    // connectionState() is Stopped until retrySync().
    void syncStopped(const estafette::MatrixError &error);
    // Opening or writing the account's store failed: the account is stopped (data left as it was on disk).
    void storeFailed(const estafette::StoreError &error);

private:
    void login(const QUrl &baseUrl, const QString &user, const QString &password, const QString &deviceId,
               const AccountLocation &where);
    void createStore(const AccountLocation &where, const SessionCredentials &credentials);
    void startAccount(const SessionCredentials &credentials, const SyncDeltaPtr &snapshot = {},
                      const QList<OutboxEntry> &outbox = {});
    void failStore(const StoreError &error);
    void stopAccount(SignOutReason reason);
    void onSynced(const SyncDeltaPtr &delta);
    void onSyncFatal(const MatrixError &error);
    void onTokenLost(const MatrixError &error);

    HttpClient *m_http;
    std::unique_ptr<AuthApi> m_auth;
    std::unique_ptr<RoomApi> m_roomApi;
    std::unique_ptr<KeysApi> m_keysApi;
    QPointer<HomeserverDiscovery> m_discovery;
    SyncLoop *m_sync = nullptr;
    RoomList *m_rooms = nullptr;
    Outbox *m_outbox = nullptr;
    LocalEchoApplier *m_echoes = nullptr; // the outbox's entries shown in the rooms' timelines
    RoomActions *m_actions = nullptr;
    MessageActions *m_messageActions = nullptr; // reactions, edits, replies, deletions
    TypingNotifier *m_typing = nullptr;
    BackPaginator *m_paginator = nullptr;
    StoreBridge *m_store = nullptr; // the account's encrypted store, when it has one
    CryptoSession *m_cryptoSession = nullptr;
    MediaSession *m_media = nullptr;
    QString m_mediaPath; // the account's media folder, beside its store
    SessionCredentials m_credentials;
    bool m_firstSyncDone = false;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::SignInFailure)
Q_DECLARE_METATYPE(estafette::SignOutReason)
Q_DECLARE_METATYPE(estafette::StoreError)
