#pragma once

#include "app_options.h"
#include "net/matrix_error.h"
#include "session/session.h"
#include "store/credential_store.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QSettings;

namespace estafette {

class CredentialStore;
class MainWindow;
class SignInWindow;

// Owns the session, the keychain entry and the windows, and moves between them:
// sign-in window -> (stored session resumed | signed in) -> main window -> signed out -> sign-in window.
class AppController : public QObject {
    Q_OBJECT
public:
    explicit AppController(const AppOptions &options, QObject *parent = nullptr);
    ~AppController() override;

    // Shows the sign-in window at once; the keychain is read after it is on screen.
    void start();

    Session *session() const { return m_session; }
    SignInWindow *signInWindow() const;
    MainWindow *mainWindow() const;

private:
    void initAccount();
    void onCredentialsLoaded(const std::optional<SessionCredentials> &credentials, const QString &error);
    void onSignInRequested(const QString &homeserver, const QString &user, const QString &password);
    void onSignInFailed(SignInFailure failure, const MatrixError &error);
    void onSignedIn();
    void onSignedOut(SignOutReason reason);
    void onCredentialsSaved(bool ok, const QString &error);
    void showSignIn();
    void showMainWindow();

    AppOptions m_options;
    std::unique_ptr<QSettings> m_settings;
    Session *m_session = nullptr;
    CredentialStore *m_store = nullptr;
    QPointer<SignInWindow> m_signIn;
    QPointer<MainWindow> m_main;
    bool m_saveOnSignIn = false;      // credentials come from a password sign-in: keep them
    QString m_keychainProblem;        // why the session cannot be remembered, once known
    SessionCredentials m_last;         // the signed-in account (the session forgets it on sign-out)
    SessionCredentials m_expired;      // soft logout: signing in again as that user keeps its device
};

} // namespace estafette
