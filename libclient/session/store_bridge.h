#pragma once

#include "rooms/history_source.h"
#include "rooms/outbox_journal.h"
#include "store/account_location.h"
#include "store/crypto_table.h"
#include "store/session_credentials.h"
#include "store/store_error.h"
#include "sync/sync_delta.h"

#include <QObject>

#include <functional>
#include <optional>

class QThread;

namespace estafette {

class AccountStore;

// The account's store on its own worker thread. The GUI thread never waits on the database: every call posts
// the work to the worker and its callback comes back on the GUI thread. Calls run in the order they were made.
class StoreBridge : public QObject, public HistorySource, public OutboxJournal {
    Q_OBJECT
public:
    struct Opened {
        StoreError error;
        std::optional<SessionCredentials> credentials;
        SyncDeltaPtr snapshot;       // the cached account, shaped like a sync response
        QList<OutboxEntry> outbox;   // accepted messages not yet confirmed, in order
    };

    explicit StoreBridge(QObject *parent = nullptr);
    ~StoreBridge() override; // closes the database on its thread, then stops the thread

    void open(const AccountLocation &location, std::function<void(const Opened &)> done);
    void saveCredentials(const SessionCredentials &credentials, std::function<void(bool)> done);
    // The device's Olm account (nullopt when none was stored yet).
    void loadCryptoAccount(std::function<void(const std::optional<StoredCryptoAccount> &)> done);
    void saveCryptoAccount(const StoredCryptoAccount &account, std::function<void(bool)> done);
    // Stores a whole sync response (and its since token) in one transaction.
    void writeSync(const SyncDeltaPtr &delta, std::function<void(bool)> done);

    // HistorySource
    bool ownsToken(const QString &token) const override;
    void loadOlder(const QString &roomId, const QString &token, int limit,
                   std::function<void(const MessagesPage &page)> done) override;
    void keepServerPage(const QString &roomId, const MessagesPage &page) override;
    // OutboxJournal
    void insert(const OutboxEntry &entry, std::function<void(bool committed)> done) override;
    void setFailed(const QString &transactionId, bool failed, const QString &reason) override;
    void remove(const QString &transactionId) override;

private:
    // Runs `work` on the worker thread with the open store (nullptr when not open), then `reply` with its result
    // on this object's thread.
    template<typename Result>
    void run(std::function<Result(AccountStore *)> work, std::function<void(const Result &)> reply);
    void post(std::function<void(AccountStore *)> work);

    QThread *m_thread;
    QObject *m_worker;                     // lives on m_thread; context for posted work
    std::unique_ptr<AccountStore> *m_store; // owned by the worker thread (created and destroyed there)
};

} // namespace estafette
