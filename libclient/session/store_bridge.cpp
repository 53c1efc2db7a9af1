#include "session/store_bridge.h"

#include "crypto/crypto_backend.h"
#include "crypto/crypto_machine.h"
#include "store/account_store.h"

#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcStoreBridge, "estafette.store")

namespace estafette {

StoreWorkerState::StoreWorkerState() = default;

bool StoreWorkerState::startCrypto(const QString &userId, const QString &deviceId, QString *error)
{
    if (!store) {
        *error = QStringLiteral("no store");
        return false;
    }
    crypto.reset();
    if (!backend)
        backend = createCryptoBackend();
    AccountStore *db = store.get();
    auto machine = std::make_unique<CryptoMachine>(
        *backend, db->crypto(), [db](const StoredCryptoAccount &account) { return db->saveCryptoAccount(account); },
        userId, deviceId);
    bool unreadable = false;
    const auto account = db->loadCryptoAccount(&unreadable);
    if (unreadable) {
        *error = QStringLiteral("the device's keys could not be read from the store");
        return false;
    }
    if (!machine->start(account, db->syncToken(), error))
        return false;
    crypto = std::move(machine);
    return true;
}

bool StoreWorkerState::cryptoTransaction(const std::function<bool()> &work)
{
    if (!store || !crypto)
        return false;
    if (store->inTransaction(work))
        return true;
    const QString userId = crypto->userId();
    const QString deviceId = crypto->deviceId();
    QString error;
    if (!startCrypto(userId, deviceId, &error))
        qCWarning(lcStoreBridge) << "encryption could not be restarted after a rolled back transaction:" << error;
    else
        qCInfo(lcStoreBridge) << "encryption restarted from the store after a rolled back transaction";
    return false;
}
StoreWorkerState::~StoreWorkerState()
{
    crypto.reset();
    backend.reset();
    store.reset();
}

StoreBridge::StoreBridge(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
    , m_state(new StoreWorkerState)
{
    m_thread->setObjectName(QStringLiteral("estafette-store"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

StoreBridge::~StoreBridge()
{
    auto *state = m_state;
    QMetaObject::invokeMethod(
        m_worker,
        [state] {
            state->crypto.reset();
            state->backend.reset();
            state->store.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_state;
}

void StoreBridge::post(std::function<void(AccountStore *)> work)
{
    auto *state = m_state;
    QMetaObject::invokeMethod(m_worker, [state, work = std::move(work)] { work(state->store.get()); });
}

template<typename Result>
void StoreBridge::runStore(std::function<Result(AccountStore *)> work, std::function<void(const Result &)> reply)
{
    run<Result>([work = std::move(work)](StoreWorkerState &state) { return work(state.store.get()); },
                std::move(reply));
}

void StoreBridge::open(const AccountLocation &location, std::function<void(const Opened &)> done)
{
    run<Opened>(
        [location](StoreWorkerState &state) {
            Opened opened;
            state.store = AccountStore::open(location.databasePath, location.key, &opened.error);
            if (!state.store)
                return opened;
            opened.credentials = state.store->loadCredentials();
            opened.snapshot = std::make_shared<const SyncDelta>(state.store->loadSnapshot());
            opened.outbox = state.store->outboxEntries();
            return opened;
        },
        std::move(done));
}

void StoreBridge::saveCredentials(const SessionCredentials &credentials, std::function<void(bool)> done)
{
    runStore<bool>([credentials](AccountStore *s) { return s && s->saveCredentials(credentials); }, std::move(done));
}

void StoreBridge::loadCryptoAccount(std::function<void(const std::optional<StoredCryptoAccount> &)> done)
{
    runStore<std::optional<StoredCryptoAccount>>(
        [](AccountStore *s) { return s ? s->loadCryptoAccount() : std::nullopt; }, std::move(done));
}

void StoreBridge::saveCryptoAccount(const StoredCryptoAccount &account, std::function<void(bool)> done)
{
    runStore<bool>([account](AccountStore *s) { return s && s->saveCryptoAccount(account); }, std::move(done));
}

void StoreBridge::writeSync(const SyncDeltaPtr &delta, std::function<void(const SyncWritten &)> done)
{
    run<SyncWritten>(
        [delta](StoreWorkerState &state) {
            SyncWritten written;
            if (!state.store)
                return written;
            if (!state.crypto) {
                // An account with encryption never stores a response it couldn't decrypt: its room keys would be
                // gone with the since token.
                if (state.cryptoRequired)
                    return written;
                written.ok = state.store->writeSync(*delta);
                written.delta = delta;
                return written;
            }
            // One transaction: to-device messages handled, keys stored, events decrypted, the response stored
            // with its since token. Nothing of it is kept when any part fails.
            auto processed = std::make_shared<SyncDelta>(*delta);
            written.ok = state.cryptoTransaction([&] {
                return state.crypto->receiveSync(*processed, &written.redecrypted)
                    && state.store->writeSync(*processed);
            });
            if (!written.ok)
                written.redecrypted.clear();
            written.delta = processed;
            return written;
        },
        std::move(done));
}

bool StoreBridge::ownsToken(const QString &token) const
{
    return AccountStore::isStoreToken(token);
}

void StoreBridge::loadOlder(const QString &roomId, const QString &token, int limit,
                            std::function<void(const MessagesPage &page)> done)
{
    runStore<MessagesPage>(
        [roomId, token, limit](AccountStore *s) {
            MessagesPage page;
            page.start = token;
            if (!s)
                return page;
            const StoredPage stored = s->loadOlder(roomId, token, limit);
            // A /messages (dir=b) page lists events newest first.
            page.chunk.reserve(stored.events.size());
            for (auto it = stored.events.crbegin(); it != stored.events.crend(); ++it)
                page.chunk.append(*it);
            page.end = stored.nextToken;
            return page;
        },
        std::move(done));
}

void StoreBridge::keepServerPage(const QString &roomId, const MessagesPage &page,
                                 std::function<void(const MessagesPage &kept)> done)
{
    run<MessagesPage>(
        [roomId, page](StoreWorkerState &state) {
            MessagesPage kept = page;
            if (!state.store)
                return kept;
            if (state.cryptoRequired && !state.crypto)
                return kept; // shown as received, not kept: nothing to decrypt it with
            auto keep = [&] {
                return (!state.crypto || state.crypto->decryptEvents(roomId, kept.chunk))
                    && state.store->writeOlderPage(roomId, kept);
            };
            const bool ok = state.crypto ? state.cryptoTransaction(keep) : state.store->inTransaction(keep);
            if (!ok)
                qCWarning(lcStoreBridge) << "could not keep a history page for a room";
            return kept;
        },
        std::move(done));
}

void StoreBridge::insert(const OutboxEntry &entry, std::function<void(bool committed)> done)
{
    runStore<bool>([entry](AccountStore *s) { return s && s->outboxInsert(entry); }, std::move(done));
}

void StoreBridge::setFailed(const QString &transactionId, bool failed, const QString &reason)
{
    post([transactionId, failed, reason](AccountStore *s) {
        if (s && !s->outboxSetFailed(transactionId, failed, reason))
            qCWarning(lcStoreBridge) << "could not update outbox entry" << transactionId;
    });
}

void StoreBridge::remove(const QString &transactionId, std::function<void(bool removed)> done)
{
    runStore<bool>(
        [transactionId](AccountStore *s) {
            const bool removed = s && s->outboxRemove(transactionId);
            if (!removed)
                qCWarning(lcStoreBridge) << "could not remove outbox entry" << transactionId;
            return removed;
        },
        [done = std::move(done)](const bool &removed) {
            if (done)
                done(removed);
        });
}

void StoreBridge::resolve(const QString &transactionId, const QJsonObject &content,
                          std::function<void(bool committed)> done)
{
    runStore<bool>(
        [transactionId, content](AccountStore *s) {
            const bool resolved = s && s->outboxResolve(transactionId, content);
            if (!resolved)
                qCWarning(lcStoreBridge) << "could not resolve the target of outbox entry" << transactionId;
            return resolved;
        },
        [done = std::move(done)](const bool &resolved) {
            if (done)
                done(resolved);
        });
}

void StoreBridge::recordUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl,
                                bool encrypted, std::function<void(bool committed)> done)
{
    runStore<bool>(
        [transactionId, thumbnailUrl, fileUrl, encrypted](AccountStore *s) {
            const bool recorded = s && s->outboxSetUploads(transactionId, thumbnailUrl, fileUrl, encrypted);
            if (!recorded)
                qCWarning(lcStoreBridge) << "could not record the uploads of outbox entry" << transactionId;
            return recorded;
        },
        [done = std::move(done)](const bool &recorded) {
            if (done)
                done(recorded);
        });
}

} // namespace estafette
