// Sign-in with a user id alone, the way a person does it: the server is found through
// https://<server name>/.well-known/matrix/client, served over HTTPS by a TLS front (tests/support/tls_front_server)
// in front of the local Synapse, with a certificate from a test authority this process trusts. The same harness
// proves the TLS rule: a certificate that isn't trusted, or that is for another name, is refused with a sentence
// that says so, and nothing is sent over that connection (no request, not even the well-known one).
//
// The test Synapse's server name is "localhost", so discovery goes to https://localhost, port 443: the front listens
// on 127.0.0.1:443 (scripts/test runs as root; the test fails, never skips, when the port can't be had).
#include "app_controller.h"
#include "app_options.h"
#include "main_window.h"
#include "sign_in_window.h"
#include "support/synapse_fixture.h"
#include "support/test_certificates.h"
#include "support/tls_front_server.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QScopeGuard>

#include <algorithm>

using namespace estafette;
using namespace estafette::test;

namespace {
constexpr quint16 kHttpsPort = 443;

template<typename T>
T *findIn(QWidget *window, const char *name)
{
    return window ? window->findChild<T *>(QString::fromLatin1(name)) : nullptr;
}
} // namespace

class TestSignInDiscovery : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestCertificate m_trustedAuthority;

    // Types a full user id (and no server) into the sign-in window of a fresh profile, and presses Sign in.
    bool signInWithUserIdAlone(AppController &controller, const TestUser &user)
    {
        controller.start();
        SignInWindow *window = controller.signInWindow();
        if (!window || !QTest::qWaitForWindowExposed(window))
            return false;
        auto *homeserver = findIn<QLineEdit>(window, "homeserverEdit");
        auto *userEdit = findIn<QLineEdit>(window, "userEdit");
        auto *password = findIn<QLineEdit>(window, "passwordEdit");
        auto *button = findIn<QPushButton>(window, "signInButton");
        if (!homeserver || !userEdit || !password || !button)
            return false;
        if (!QTest::qWaitFor([&] { return button->isEnabled(); }, 15000))
            return false;
        homeserver->clear();
        QTest::keyClicks(userEdit, user.userId);
        QTest::keyClicks(password, user.password);
        QTest::mouseClick(button, Qt::LeftButton);
        return true;
    }

    // The sign-in window's error sentence once it shows one (empty after the timeout).
    static QString signInError(AppController &controller)
    {
        QLabel *error = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            error = findIn<QLabel>(controller.signInWindow(), "signInError");
            return error && error->isVisible() && !error->text().isEmpty();
        }, 30000);
        return shown ? error->text() : QString();
    }

    void refusedCertificate(const TestCertificate &certificate, const QString &language, const QString &expected)
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("tlsrefused"), false, &error);
        QVERIFY2(user, qPrintable(error));
        TlsFrontServer front(certificate, m_server.baseUrl);
        QVERIFY2(front.listen(kHttpsPort, &error), qPrintable(error));
        front.setWellKnown({{QStringLiteral("m.homeserver"),
                             QJsonObject{{QStringLiteral("base_url"), QStringLiteral("https://localhost")}}}});

        QTranslator french;
        if (language == QLatin1String("fr")) {
            QVERIFY(french.load(QStringLiteral(":/i18n/estafette_fr.qm")));
            QApplication::installTranslator(&french);
        }
        auto uninstall = qScopeGuard([&] { QApplication::removeTranslator(&french); });
        QTemporaryDir profile;
        AppOptions options;
        options.profileDir = profile.path();
        options.language = language;
        AppController controller(options);
        QVERIFY(signInWithUserIdAlone(controller, *user));

        const QString sentence = signInError(controller);
        QVERIFY2(sentence.contains(expected), qPrintable(sentence));
        QVERIFY2(controller.mainWindow() == nullptr, "signed in over a refused certificate");
        QVERIFY(!controller.session()->isSignedIn());
        // Nothing went over that connection: no handshake completed, no request (so no password) was read.
        QCOMPARE(front.encryptedConnections(), 0);
        QVERIFY2(front.requests().isEmpty(), front.requests().join(", ").constData());
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QCOMPARE(m_server.serverName, QStringLiteral("localhost"));
        m_trustedAuthority = makeTestAuthority(QStringLiteral("Estafette test authority"));
        QVERIFY(!m_trustedAuthority.isNull());
        // This process trusts the test authority, as a ministry's workstations trust their own.
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.addCaCertificate(m_trustedAuthority.certificate);
        QSslConfiguration::setDefaultConfiguration(config);
    }

    void userIdAloneFindsTheServerThroughWellKnown()
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("wellknown"), false, &error);
        QVERIFY2(user, qPrintable(error));
        TlsFrontServer front(makeServerCertificate(m_trustedAuthority, QStringLiteral("localhost")),
                             m_server.baseUrl);
        QVERIFY2(front.listen(kHttpsPort, &error), qPrintable(error));
        front.setWellKnown({{QStringLiteral("m.homeserver"),
                             QJsonObject{{QStringLiteral("base_url"), QStringLiteral("https://localhost")}}}});

        QTemporaryDir profile;
        AppOptions options;
        options.profileDir = profile.path();
        options.language = QStringLiteral("en");
        AppController controller(options);
        QVERIFY(signInWithUserIdAlone(controller, *user));

        QTRY_VERIFY2_WITH_TIMEOUT(controller.mainWindow() != nullptr, qPrintable(signInError(controller)), 30000);
        QCOMPARE(controller.session()->userId(), user->userId);
        // Found through the well-known document, then used over HTTPS (Synapse's own login answer, which
        // names its plain-HTTP address, does not downgrade it).
        QCOMPARE(controller.session()->credentials().homeserver, QUrl(QStringLiteral("https://localhost")));
        const QList<QByteArray> sent = front.requests();
        QVERIFY2(sent.value(0) == "GET /.well-known/matrix/client", sent.join(", ").constData());
        QVERIFY2(sent.contains("GET /_matrix/client/versions"), sent.join(", ").constData());
        QVERIFY2(sent.contains("POST /_matrix/client/v3/login"), sent.join(", ").constData());
        // And the account works through it: the first sync arrives.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(front.requests().cbegin(), front.requests().cend(),
                                             [](const QByteArray &r) {
                                                 return r.startsWith("GET /_matrix/client/v3/sync");
                                             }),
                                 30000);
    }

    void untrustedCertificateIsRefused()
    {
        // Self-made authority this computer doesn't know: the name matches, the issuer isn't trusted.
        const TestCertificate unknownAuthority = makeTestAuthority(QStringLiteral("Unknown authority"));
        refusedCertificate(makeServerCertificate(unknownAuthority, QStringLiteral("localhost")),
                           QStringLiteral("en"), QStringLiteral("not trusted by this computer"));
    }

    void certificateForAnotherNameIsRefused()
    {
        // Issued by the trusted authority, but for another server; the sentence in French.
        refusedCertificate(makeServerCertificate(m_trustedAuthority, QStringLiteral("autre.example.gouv.fr")),
                           QStringLiteral("fr"), QStringLiteral("émis pour un autre nom"));
    }
};

QTEST_MAIN(TestSignInDiscovery)
#include "test_sign_in_discovery.moc"
