#include "support/stored_session.h"

#include "session/crypto_session.h"
#include "sync/sync_loop.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

namespace estafette::test {

StoredAccount::StoredAccount()
{
    m_where.databasePath = m_dir.filePath(QStringLiteral("account.db"));
    m_where.key.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_where.key.data()), 8);
}

std::unique_ptr<Session> StoredAccount::signIn(const TestServer &server, const TestUser &user, QString *error)
{
    auto session = std::make_unique<Session>();
    Session *s = session.get();
    QObject::connect(s, &Session::signedIn, s, [s] { s->syncLoop()->setPollTimeoutMs(1000); });
    s->signIn(server.baseUrl.toString(), user.localpart, user.password, {}, m_where);
    return finish(std::move(session), error);
}

std::unique_ptr<Session> StoredAccount::resume(QString *error)
{
    auto session = std::make_unique<Session>();
    Session *s = session.get();
    QObject::connect(s, &Session::signedIn, s, [s] { s->syncLoop()->setPollTimeoutMs(1000); });
    s->resumeFromStore(m_where);
    return finish(std::move(session), error);
}

std::unique_ptr<Session> StoredAccount::finish(std::unique_ptr<Session> session, QString *error)
{
    QSignalSpy synced(session.get(), &Session::firstSyncDone);
    QSignalSpy failed(session.get(), &Session::signInFailed);
    QSignalSpy storeFailed(session.get(), &Session::storeFailed);
    QDeadlineTimer deadline(30000);
    while (synced.isEmpty() && failed.isEmpty() && storeFailed.isEmpty() && !deadline.hasExpired())
        QTest::qWait(20);
    if (synced.isEmpty()) {
        *error = failed.isEmpty() && storeFailed.isEmpty() ? QStringLiteral("no first sync within 30 s")
                                                           : QStringLiteral("sign-in or store failed");
        return nullptr;
    }
    while (session->crypto() && !session->crypto()->isStarted() && !deadline.hasExpired())
        QTest::qWait(20);
    if (!session->crypto() || !session->crypto()->isStarted()) {
        *error = QStringLiteral("end-to-end encryption did not start");
        return nullptr;
    }
    // Published device keys, so peers can reach this device.
    while (!session->crypto()->deviceKeysPublished() && !deadline.hasExpired())
        QTest::qWait(20);
    if (!session->crypto()->deviceKeysPublished()) {
        *error = QStringLiteral("device keys not published within 30 s");
        return nullptr;
    }
    return session;
}

} // namespace estafette::test
