#pragma once

#include "app_options.h"
#include "net/matrix_error.h"
#include "session/session.h"
#include "store/account_directory.h"
#include "store/store_error.h"
#include "store_problem_dialog.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QSettings;

namespace estafette {

class DatabaseKeyStore;
class MainWindow;
class SignInWindow;

// Owns the session, the account's folder and database key, and the windows, and moves between them:
//   sign-in window (busy) -> account found: key from the keychain -> session resumed from the encrypted store
//                                           -> main window (before any network request)
//                         -> no account: sign-in form -> new account folder + key -> signed in -> main window
//   main window -> signed out (erases the account) or session expired (keeps it) -> sign-in window.
// Problems with the keychain or the database end in a StoreProblemDialog that offers only safe ways out.
class AppController : public QObject {
    Q_OBJECT
public:
    explicit AppController(const AppOptions &options, QObject *parent = nullptr);
    ~AppController() override;

    // Shows the sign-in window at once; the account folder and the keychain are read after it is on screen.
    void start();

    Session *session() const { return m_session; }
    SignInWindow *signInWindow() const;
    MainWindow *mainWindow() const;
    StoreProblemDialog *storeProblemDialog() const;
    const AccountDirectory &accounts() const { return m_accounts; }
    // The account being opened or used; empty when there is none yet.
    QString currentAccountId() const { return m_accountId; }

signals:
    // The person chose Quit in a problem dialog (main() quits the application).
    void quitRequested();

private:
    enum class Phase {
        Idle,      // sign-in form, or a problem dialog
        Opening,   // reading the key, then resuming from the store
        SigningIn, // creating the account and its key (or reading it after a soft logout), then /login
        Running,   // signed in
    };
    struct PendingSignIn {
        QString homeserver;
        QString user;
        QString password;
        QString deviceId;
    };

    void newSession();
    void openAccount();
    void onKeyReady(const QString &accountId, const QByteArray &key);
    void onKeyFailed(const QString &accountId, const StoreError &error);
    void onSignInRequested(const QString &homeserver, const QString &user, const QString &password);
    void startSignIn();
    void onSignInFailed(SignInFailure failure, const MatrixError &error);
    void onSignedIn();
    void onSignedOut(SignOutReason reason);
    void onStoreFailed(const StoreError &error);
    void showProblem(const StoreError &error);
    void onProblemChosen(StoreProblemDialog::Choice choice);
    void freshStart();
    void eraseAccount(const QString &accountId);
    void discardUnfinishedAccount();
    void showSignInForm();
    void showSignIn();
    void showMainWindow();
    void closeMainWindow();
    QString profileKey() const { return m_options.profileKey(); }

    AppOptions m_options;
    std::unique_ptr<QSettings> m_settings;
    AccountDirectory m_accounts;
    Session *m_session = nullptr;
    DatabaseKeyStore *m_keys = nullptr;
    QPointer<SignInWindow> m_signIn;
    QPointer<MainWindow> m_main;
    QPointer<StoreProblemDialog> m_problem;
    Phase m_phase = Phase::Idle;
    Phase m_problemPhase = Phase::Idle; // what Retry starts again
    QString m_accountId;                // the account being opened or used
    std::optional<PendingSignIn> m_pending;
    SessionCredentials m_last;          // the signed-in account (the session forgets it on sign-out)
    bool m_autoSignInDone = false;      // --password is used once
    SessionCredentials m_expired;       // soft logout: signing in again as that user keeps its device and data
};

} // namespace estafette
