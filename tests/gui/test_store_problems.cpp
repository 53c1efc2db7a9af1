// What a person sees when the encrypted store cannot be opened: a damaged database (or a wrong key) brings the
// store problem dialog; "sign in again with a fresh database" keeps the old files aside (never deletes them) and
// shows the sign-in form. A missing key says so and offers the same way out.
#include "app_controller.h"
#include "app_options.h"
#include "sign_in_window.h"
#include "store_problem_dialog.h"
#include "store/account_directory.h"
#include "store/database_key_store.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;

class TestStoreProblems : public QObject {
    Q_OBJECT

    // An account folder whose database is not a database; its key is in the keychain when `withKey`.
    static QString damagedAccount(const QString &profile, bool withKey)
    {
        AccountDirectory accounts(profile);
        const QString id = accounts.createAccount();
        QFile db(accounts.databasePath(id));
        if (!db.open(QIODevice::WriteOnly))
            return {};
        db.write(QByteArray(8192, '\x5a'));
        db.close();
        if (withKey) {
            DatabaseKeyStore keys;
            QSignalSpy ready(&keys, &DatabaseKeyStore::keyReady);
            keys.createKey(profile, id);
            if (!ready.wait(10000))
                return {};
        }
        return id;
    }

private slots:
    void damagedDatabaseIsSetAsideNeverDeleted()
    {
        QTemporaryDir profile;
        const QString id = damagedAccount(profile.path(), true);
        QVERIFY2(!id.isEmpty(), "could not prepare the damaged account (keychain?)");

        AppOptions options;
        options.profileDir = profile.path();
        options.language = QStringLiteral("en");
        AppController controller(options);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(controller.storeProblemDialog() && controller.storeProblemDialog()->isVisible(), 15000);
        StoreProblemDialog *dialog = controller.storeProblemDialog();
        auto *fresh = dialog->findChild<QPushButton *>(QStringLiteral("freshStartButton"));
        QVERIFY(fresh && fresh->isVisible());
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("quitButton")));
        QTest::mouseClick(fresh, Qt::LeftButton);

        // The old folder moved aside, whole; the sign-in form is there for a fresh start.
        QTRY_VERIFY_WITH_TIMEOUT(controller.signInWindow() && controller.signInWindow()->isVisible(), 10000);
        AccountDirectory accounts(profile.path());
        QVERIFY(!accounts.contains(id));
        const QStringList aside = QDir(accounts.setAsidePath()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(aside.size(), 1);
        QVERIFY(aside.first().startsWith(id));
        QFile kept(accounts.setAsidePath() + QLatin1Char('/') + aside.first() + QStringLiteral("/store.db"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.size(), 8192);
    }

    void missingKeyIsExplainedWithTheSameWayOut()
    {
        QTemporaryDir profile;
        const QString id = damagedAccount(profile.path(), false);
        QVERIFY(!id.isEmpty());
        AppOptions options;
        options.profileDir = profile.path();
        options.language = QStringLiteral("en");
        AppController controller(options);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(controller.storeProblemDialog() && controller.storeProblemDialog()->isVisible(), 15000);
        QVERIFY(controller.storeProblemDialog()->findChild<QPushButton *>(QStringLiteral("retryButton")));
        QVERIFY(controller.storeProblemDialog()->findChild<QPushButton *>(QStringLiteral("freshStartButton")));
        QVERIFY(controller.mainWindow() == nullptr);
    }
};

QTEST_MAIN(TestStoreProblems)
#include "test_store_problems.moc"
