#include "session/store_bridge.h"

#include "store/account_store.h"

#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcStoreBridge, "estafette.store")

namespace estafette {

StoreBridge::StoreBridge(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
    , m_store(new std::unique_ptr<AccountStore>)
{
    m_thread->setObjectName(QStringLiteral("estafette-store"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

StoreBridge::~StoreBridge()
{
    auto *store = m_store;
    QMetaObject::invokeMethod(m_worker, [store] { store->reset(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_store;
}

void StoreBridge::post(std::function<void(AccountStore *)> work)
{
    auto *store = m_store;
    QMetaObject::invokeMethod(m_worker, [store, work = std::move(work)] { work(store->get()); });
}

template<typename Result>
void StoreBridge::run(std::function<Result(AccountStore *)> work, std::function<void(const Result &)> reply)
{
    auto *store = m_store;
    // The reply is posted to this object: if it is destroyed first, its pending events die with it, and the
    // destructor waits for the worker, so `this` is valid whenever the posted reply runs.
    QMetaObject::invokeMethod(m_worker, [this, store, work = std::move(work), reply = std::move(reply)] {
        Result result = work(store->get());
        QMetaObject::invokeMethod(this, [reply, result = std::move(result)] { reply(result); });
    });
}

void StoreBridge::open(const AccountLocation &location, std::function<void(const Opened &)> done)
{
    auto *store = m_store;
    run<Opened>(
        [store, location](AccountStore *) {
            Opened opened;
            *store = AccountStore::open(location.databasePath, location.key, &opened.error);
            if (!*store)
                return opened;
            opened.credentials = (*store)->loadCredentials();
            opened.snapshot = std::make_shared<const SyncDelta>((*store)->loadSnapshot());
            opened.outbox = (*store)->outboxEntries();
            return opened;
        },
        std::move(done));
}

void StoreBridge::saveCredentials(const SessionCredentials &credentials, std::function<void(bool)> done)
{
    run<bool>([credentials](AccountStore *s) { return s && s->saveCredentials(credentials); }, std::move(done));
}

void StoreBridge::loadCryptoAccount(std::function<void(const std::optional<StoredCryptoAccount> &)> done)
{
    run<std::optional<StoredCryptoAccount>>(
        [](AccountStore *s) { return s ? s->loadCryptoAccount() : std::nullopt; }, std::move(done));
}

void StoreBridge::saveCryptoAccount(const StoredCryptoAccount &account, std::function<void(bool)> done)
{
    run<bool>([account](AccountStore *s) { return s && s->saveCryptoAccount(account); }, std::move(done));
}

void StoreBridge::writeSync(const SyncDeltaPtr &delta, std::function<void(bool)> done)
{
    run<bool>([delta](AccountStore *s) { return s && s->writeSync(*delta); }, std::move(done));
}

bool StoreBridge::ownsToken(const QString &token) const
{
    return AccountStore::isStoreToken(token);
}

void StoreBridge::loadOlder(const QString &roomId, const QString &token, int limit,
                            std::function<void(const MessagesPage &page)> done)
{
    run<MessagesPage>(
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

void StoreBridge::keepServerPage(const QString &roomId, const MessagesPage &page)
{
    post([roomId, page](AccountStore *s) {
        if (s && !s->writeOlderPage(roomId, page))
            qCWarning(lcStoreBridge) << "could not keep a history page for a room";
    });
}

void StoreBridge::insert(const OutboxEntry &entry, std::function<void(bool committed)> done)
{
    run<bool>([entry](AccountStore *s) { return s && s->outboxInsert(entry); }, std::move(done));
}

void StoreBridge::setFailed(const QString &transactionId, bool failed, const QString &reason)
{
    post([transactionId, failed, reason](AccountStore *s) {
        if (s && !s->outboxSetFailed(transactionId, failed, reason))
            qCWarning(lcStoreBridge) << "could not update outbox entry" << transactionId;
    });
}

void StoreBridge::remove(const QString &transactionId)
{
    post([transactionId](AccountStore *s) {
        if (s && !s->outboxRemove(transactionId))
            qCWarning(lcStoreBridge) << "could not remove outbox entry" << transactionId;
    });
}

} // namespace estafette
