#include "app_controller.h"

#include "error_text.h"
#include "main_window.h"
#include "sign_in_window.h"
#include "store/credential_store.h"

#include <QSettings>
#include <QTimer>

namespace estafette {

namespace {
const QString kHomeserverKey = QStringLiteral("signIn/homeserver");
const QString kUserKey = QStringLiteral("signIn/user");
} // namespace

AppController::AppController(const AppOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_settings(options.makeSettings())
{
}

AppController::~AppController()
{
    delete m_main;
    delete m_signIn;
}

SignInWindow *AppController::signInWindow() const { return m_signIn; }
MainWindow *AppController::mainWindow() const { return m_main; }

void AppController::start()
{
    m_signIn = new SignInWindow;
    m_signIn->setAttribute(Qt::WA_DeleteOnClose, false);
    m_signIn->setHomeserver(m_options.homeserver.isEmpty() ? m_settings->value(kHomeserverKey).toString()
                                                           : m_options.homeserver);
    m_signIn->setUser(m_options.user.isEmpty() ? m_settings->value(kUserKey).toString() : m_options.user);
    connect(m_signIn, &SignInWindow::signInRequested, this, &AppController::onSignInRequested);
    m_signIn->setBusy(true, tr("Opening your session…"));
    m_signIn->show();
    // Everything that may wait (keychain, network) happens once the window is on screen.
    QTimer::singleShot(0, this, &AppController::initAccount);
}

void AppController::initAccount()
{
    m_session = new Session(this);
    m_store = new CredentialStore(m_options.profileKey(), this);
    connect(m_session, &Session::signInFailed, this, &AppController::onSignInFailed);
    connect(m_session, &Session::signedIn, this, &AppController::onSignedIn);
    connect(m_session, &Session::signedOut, this, &AppController::onSignedOut);
    connect(m_store, &CredentialStore::loaded, this, &AppController::onCredentialsLoaded);
    connect(m_store, &CredentialStore::saved, this, &AppController::onCredentialsSaved);
    m_store->load();
}

void AppController::onCredentialsLoaded(const std::optional<SessionCredentials> &credentials, const QString &error)
{
    if (!error.isEmpty())
        m_keychainProblem = error;
    const bool sameUser = m_options.user.isEmpty() || (credentials && credentials->userId == m_options.user);
    if (credentials && credentials->isValid() && sameUser) {
        m_saveOnSignIn = false;
        m_signIn->setBusy(true, tr("Opening your session…"));
        m_session->resume(*credentials);
        return;
    }
    m_signIn->setBusy(false);
    if (!m_keychainProblem.isEmpty())
        m_signIn->showNotice(tr("The system keychain is not available, so Estafette cannot remember your "
                                "session: you will have to sign in each time. (%1)")
                                 .arg(m_keychainProblem));
    if (!m_options.password.isEmpty() && !m_options.homeserver.isEmpty() && !m_options.user.isEmpty())
        onSignInRequested(m_options.homeserver, m_options.user, m_options.password);
}

void AppController::onSignInRequested(const QString &homeserver, const QString &user, const QString &password)
{
    if (!m_session)
        return;
    m_settings->setValue(kHomeserverKey, homeserver);
    m_settings->setValue(kUserKey, user);
    m_saveOnSignIn = true;
    m_signIn->setBusy(true);
    // After a soft logout, the same person signing in again keeps their device (and its keys).
    const QString expiredUser = m_expired.userId;
    const bool sameUser = !expiredUser.isEmpty()
        && (user == expiredUser || expiredUser.startsWith(QLatin1Char('@') + user + QLatin1Char(':')));
    m_session->signIn(homeserver, user, password, sameUser ? m_expired.deviceId : QString());
}

void AppController::onSignInFailed(SignInFailure failure, const MatrixError &error)
{
    showSignIn();
    m_signIn->setBusy(false);
    m_signIn->showError(ErrorText::signInFailure(failure, error));
}

void AppController::onSignedIn()
{
    m_expired = {};
    m_last = m_session->credentials();
    if (m_saveOnSignIn && m_store)
        m_store->save(m_session->credentials());
    m_saveOnSignIn = false;
    showMainWindow();
}

void AppController::onCredentialsSaved(bool ok, const QString &error)
{
    if (ok || !m_main)
        return;
    m_main->showMessage(tr("Your session will not be remembered"),
                        tr("The system keychain could not store your session, so you will have to sign in "
                           "again next time you open Estafette. Nothing was written anywhere else.\n\n%1")
                            .arg(error));
}

void AppController::onSignedOut(SignOutReason reason)
{
    m_expired = reason == SignOutReason::SessionExpired ? m_last : SessionCredentials{};
    m_last = {};
    // The token is dead in every case: nothing worth keeping in the keychain.
    if (m_store)
        m_store->erase();
    showSignIn();
    m_signIn->setBusy(false);
    m_signIn->clearPassword();
    m_signIn->clearMessages();
    m_signIn->showNotice(ErrorText::signOutReason(reason));
    if (m_main) {
        m_main->hide();
        m_main->deleteLater();
    }
}

void AppController::showSignIn()
{
    if (!m_signIn) {
        m_signIn = new SignInWindow;
        m_signIn->setHomeserver(m_settings->value(kHomeserverKey).toString());
        m_signIn->setUser(m_settings->value(kUserKey).toString());
        connect(m_signIn, &SignInWindow::signInRequested, this, &AppController::onSignInRequested);
    }
    m_signIn->show();
    m_signIn->raise();
    m_signIn->activateWindow();
}

void AppController::showMainWindow()
{
    if (!m_main) {
        m_main = new MainWindow(m_session, m_settings.get());
        connect(m_main, &MainWindow::signOutRequested, m_session, &Session::signOut);
    }
    m_main->show();
    m_main->raise();
    m_main->activateWindow();
    if (m_signIn) {
        m_signIn->hide();
        m_signIn->setBusy(false);
        m_signIn->clearPassword();
    }
}

} // namespace estafette
