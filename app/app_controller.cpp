#include "app_controller.h"

#include "error_text.h"
#include "main_window.h"
#include "sign_in_window.h"
#include "store/account_location.h"
#include "store/database_key_store.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSettings>
#include <QTimer>

Q_LOGGING_CATEGORY(lcApp, "estafette.app")

namespace estafette {

namespace {
const QString kHomeserverKey = QStringLiteral("signIn/homeserver");
const QString kCurrentAccountKey = QStringLiteral("accounts/current");
const QString kLegacyCleanedKey = QStringLiteral("accounts/legacyCredentialsRemoved");

// "alice" or "@alice:server" typed in the form, against the full user id of an expired session.
bool sameUser(const QString &typed, const QString &userId)
{
    return !userId.isEmpty()
        && (typed == userId || userId.startsWith(QLatin1Char('@') + typed + QLatin1Char(':')));
}
} // namespace

AppController::AppController(const AppOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_settings(options.makeSettings())
    , m_accounts(options.profilePath())
{
}

AppController::~AppController()
{
    if (m_pending)
        m_pending->password.fill(QLatin1Char('\0'));
    delete m_problem;
    delete m_main;
    delete m_signIn;
}

SignInWindow *AppController::signInWindow() const { return m_signIn; }
MainWindow *AppController::mainWindow() const { return m_main; }
StoreProblemDialog *AppController::storeProblemDialog() const { return m_problem; }

void AppController::start()
{
    m_signIn = new SignInWindow;
    m_signIn->setAttribute(Qt::WA_DeleteOnClose, false);
    m_signIn->setHomeserver(m_options.homeserver.isEmpty() ? m_settings->value(kHomeserverKey).toString()
                                                           : m_options.homeserver);
    // The user id is not remembered outside the encrypted store: nothing about people is kept in clear.
    m_signIn->setUser(m_options.user);
    m_settings->remove(QStringLiteral("signIn/user")); // written by earlier versions
    connect(m_signIn, &SignInWindow::signInRequested, this, &AppController::onSignInRequested);
    m_signIn->setBusy(true, tr("Opening your session…"));
    m_signIn->show();
    // Everything that may wait (files, keychain, network) happens once the window is on screen.
    QTimer::singleShot(0, this, [this] {
        m_keys = new DatabaseKeyStore(this);
        connect(m_keys, &DatabaseKeyStore::keyReady, this, &AppController::onKeyReady);
        connect(m_keys, &DatabaseKeyStore::failed, this, &AppController::onKeyFailed);
        newSession();
        openAccount();
    });
}

void AppController::newSession()
{
    if (m_session) {
        // Only after a store failure: the old session (and its store) go away once its signal has returned.
        m_session->disconnect(this);
        m_session->deleteLater();
    }
    m_session = new Session(this);
    connect(m_session, &Session::signInFailed, this, &AppController::onSignInFailed);
    connect(m_session, &Session::signedIn, this, &AppController::onSignedIn);
    connect(m_session, &Session::signedOut, this, &AppController::onSignedOut);
    connect(m_session, &Session::storeFailed, this, &AppController::onStoreFailed);
}

void AppController::openAccount()
{
    m_phase = Phase::Opening;
    showSignIn();
    m_signIn->setBusy(true, tr("Opening your session…"));

    QStringList ids = m_accounts.accountIds();
    // A folder without a database is a sign-in that never finished: nothing in it is worth keeping.
    for (const QString &id : ids) {
        if (!m_accounts.hasDatabase(id))
            eraseAccount(id);
    }
    ids = m_accounts.accountIds();
    if (ids.isEmpty() && !m_settings->value(kLegacyCleanedKey).toBool()) {
        // Versions before the encrypted store kept the access token in the keychain: remove it, once.
        m_keys->eraseLegacyCredentials(profileKey());
        m_settings->setValue(kLegacyCleanedKey, true);
    }
    if (ids.isEmpty()) {
        m_accountId.clear();
        m_phase = Phase::Idle;
        showSignInForm();
        // --password signs in once, never again after a sign-out.
        if (!m_autoSignInDone && !m_options.password.isEmpty() && !m_options.homeserver.isEmpty()
            && !m_options.user.isEmpty()) {
            m_autoSignInDone = true;
            onSignInRequested(m_options.homeserver, m_options.user, m_options.password);
        }
        return;
    }
    // One account shown for now: the one used last, else the oldest.
    const QString current = m_settings->value(kCurrentAccountKey).toString();
    m_accountId = ids.contains(current) ? current : ids.first();
    qCInfo(lcApp) << "opening account" << m_accountId;
    m_keys->loadKey(profileKey(), m_accountId);
}

void AppController::onKeyReady(const QString &accountId, const QByteArray &key)
{
    if (accountId != m_accountId || (m_phase != Phase::Opening && m_phase != Phase::SigningIn))
        return; // an answer that arrived after the person moved on
    AccountLocation where{m_accounts.databasePath(accountId), key};
    if (m_phase == Phase::Opening) {
        m_session->resumeFromStore(where);
    } else if (m_pending) {
        m_signIn->setBusy(true);
        m_session->signIn(m_pending->homeserver, m_pending->user, m_pending->password, m_pending->deviceId, where);
    }
    DatabaseKeyStore::wipe(where.key);
}

void AppController::onKeyFailed(const QString &accountId, const StoreError &error)
{
    if (accountId != m_accountId || (m_phase != Phase::Opening && m_phase != Phase::SigningIn))
        return;
    m_problemPhase = m_phase;
    showProblem(error);
}

void AppController::onSignInRequested(const QString &homeserver, const QString &user, const QString &password)
{
    if (!m_session || m_phase == Phase::SigningIn || m_phase == Phase::Running)
        return;
    m_settings->setValue(kHomeserverKey, homeserver);
    // After a soft logout, the same person signing in again keeps their device and their local data.
    const bool again = sameUser(user.trimmed(), m_expired.userId) && m_accounts.hasDatabase(m_accountId);
    m_pending = PendingSignIn{homeserver, user, password, again ? m_expired.deviceId : QString()};
    startSignIn();
}

void AppController::startSignIn()
{
    Q_ASSERT(m_pending);
    m_phase = Phase::SigningIn;
    showSignIn();
    m_signIn->setBusy(true);
    if (!m_pending->deviceId.isEmpty() && m_accounts.hasDatabase(m_accountId)) {
        // Same account again: its database, its key.
        m_keys->loadKey(profileKey(), m_accountId);
        return;
    }
    // Someone else, or a first sign-in: a new account of its own. An expired account of another person
    // stays as it is (its folder and key) and is no longer the current one once this sign-in succeeds.
    if (m_accountId.isEmpty() || m_accounts.hasDatabase(m_accountId) || !m_accounts.contains(m_accountId)) {
        QString error;
        m_accountId = m_accounts.createAccount(&error);
        if (m_accountId.isEmpty()) {
            m_problemPhase = Phase::SigningIn;
            showProblem({StoreError::Kind::Io, error});
            return;
        }
    }
    m_keys->createKey(profileKey(), m_accountId);
}

void AppController::onSignInFailed(SignInFailure failure, const MatrixError &error)
{
    if (m_pending)
        m_pending->password.fill(QLatin1Char('\0'));
    m_pending.reset();
    discardUnfinishedAccount();
    m_phase = Phase::Idle;
    showSignIn();
    m_signIn->setBusy(false);
    m_signIn->showError(ErrorText::signInFailure(failure, error));
}

void AppController::onSignedIn()
{
    m_phase = Phase::Running;
    if (m_pending)
        m_pending->password.fill(QLatin1Char('\0'));
    m_pending.reset();
    m_expired = {};
    m_last = m_session->credentials();
    m_settings->setValue(kCurrentAccountKey, m_accountId);
    showMainWindow();
}

void AppController::onSignedOut(SignOutReason reason)
{
    m_phase = Phase::Idle;
    if (reason == SignOutReason::SessionExpired) {
        // Soft logout: the database and its key stay; signing in again as this person reuses them.
        m_expired = m_last;
    } else {
        // Signed out here or elsewhere: the token and the device are gone, and so is everything local.
        // (The session closed the store before emitting signedOut.)
        m_expired = {};
        if (!m_accountId.isEmpty())
            eraseAccount(m_accountId);
        m_accountId.clear();
    }
    m_last = {};
    closeMainWindow();
    showSignIn();
    m_signIn->setBusy(false);
    m_signIn->clearPassword();
    m_signIn->clearMessages();
    m_signIn->showNotice(ErrorText::signOutReason(reason));
}

void AppController::onStoreFailed(const StoreError &error)
{
    const Phase during = m_phase;
    qCWarning(lcApp) << "store problem" << int(error.kind) << "for account" << m_accountId;
    closeMainWindow();
    // The failed session stops here; a fresh one serves whatever comes next (retry or a new sign-in).
    newSession();
    if (during == Phase::SigningIn && m_pending && m_pending->deviceId.isEmpty()) {
        // A brand-new account whose database could not be set up: nothing in it to keep, not even its key.
        eraseAccount(m_accountId);
        m_accountId.clear();
    }
    m_problemPhase = during == Phase::SigningIn ? Phase::SigningIn : Phase::Opening;
    showProblem(error);
}

void AppController::showProblem(const StoreError &error)
{
    m_phase = Phase::Idle;
    if (m_problem) {
        m_problem->disconnect(this);
        m_problem->deleteLater();
    }
    showSignIn();
    m_signIn->setBusy(true, tr("Waiting for your decision…"));
    const QString dataFolder = m_accountId.isEmpty() ? m_accounts.accountsPath() : m_accounts.accountPath(m_accountId);
    m_problem = new StoreProblemDialog(error, m_accounts.setAsidePath(), dataFolder, m_signIn);
    m_problem->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_problem, &StoreProblemDialog::chosen, this, &AppController::onProblemChosen);
    m_problem->open();
}

void AppController::onProblemChosen(StoreProblemDialog::Choice choice)
{
    switch (choice) {
    case StoreProblemDialog::Choice::Quit:
        if (m_pending)
            m_pending->password.fill(QLatin1Char('\0'));
        m_pending.reset();
        emit quitRequested();
        return;
    case StoreProblemDialog::Choice::Retry:
        if (m_problemPhase == Phase::SigningIn && m_pending)
            startSignIn();
        else
            openAccount();
        return;
    case StoreProblemDialog::Choice::FreshStart:
        freshStart();
        return;
    }
}

void AppController::freshStart()
{
    QString notice;
    if (!m_accountId.isEmpty() && m_accounts.contains(m_accountId)) {
        QString error;
        const QString aside = m_accounts.setAside(m_accountId, &error);
        if (aside.isEmpty()) {
            showProblem({StoreError::Kind::Io, error});
            return;
        }
        // The key entry (if any) stays in the keychain with the set-aside files, so a damaged database can
        // still be examined; a new account gets a new id and a new key.
        notice = tr("Your previous local data was kept aside in %1. Sign in to start with a fresh database.")
                     .arg(QDir::toNativeSeparators(aside));
    }
    m_settings->remove(kCurrentAccountKey);
    m_accountId.clear();
    m_expired = {}; // the old device's data is not available to this new database
    if (m_problemPhase == Phase::SigningIn && m_pending) {
        m_pending->deviceId.clear();
        startSignIn();
        if (!notice.isEmpty())
            m_signIn->showNotice(notice);
        return;
    }
    m_phase = Phase::Idle;
    showSignInForm();
    m_signIn->showNotice(notice);
}

void AppController::eraseAccount(const QString &accountId)
{
    if (accountId.isEmpty())
        return;
    qCInfo(lcApp) << "erasing account" << accountId;
    if (!m_accounts.eraseAccount(accountId))
        qCWarning(lcApp) << "some files of account" << accountId << "could not be removed";
    m_keys->eraseKey(profileKey(), accountId);
    if (m_settings->value(kCurrentAccountKey).toString() == accountId)
        m_settings->remove(kCurrentAccountKey);
}

void AppController::discardUnfinishedAccount()
{
    if (!m_accountId.isEmpty() && !m_accounts.hasDatabase(m_accountId)) {
        eraseAccount(m_accountId);
        m_accountId.clear();
    }
}

void AppController::showSignInForm()
{
    showSignIn();
    m_signIn->setBusy(false);
}

void AppController::showSignIn()
{
    if (!m_signIn) {
        m_signIn = new SignInWindow;
        m_signIn->setHomeserver(m_settings->value(kHomeserverKey).toString());
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
        m_signIn->clearMessages();
    }
}

void AppController::closeMainWindow()
{
    if (m_main) {
        m_main->hide();
        m_main->deleteLater();
        m_main = nullptr;
    }
}

} // namespace estafette
