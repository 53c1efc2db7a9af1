#pragma once

#include "rooms/history_source.h"
#include "rooms/outbox_journal.h"
#include "store/account_location.h"
#include "store/crypto_table.h"
#include "store/session_credentials.h"
#include "store/store_error.h"
#include "sync/sync_delta.h"

#include <QMap>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace estafette {

class AccountStore;
class CryptoBackend;
class CryptoMachine;

// What lives on the store thread: the database, and the encryption machine that works inside its transactions.
struct StoreWorkerState {
    StoreWorkerState();
    ~StoreWorkerState(); // the machine goes first, then the database closes
    std::unique_ptr<AccountStore> store;
    std::unique_ptr<CryptoBackend> backend;
    std::unique_ptr<CryptoMachine> crypto;
    // Set once encryption was started for this account: from then on no sync response is stored without it.
    bool cryptoRequired = false;

    // Creates and starts the encryption machine over the open store (its account restored, or created and
    // saved). False with *error when it can't.
    bool startCrypto(const QString &userId, const QString &deviceId, QString *error);
    // Runs machine work in one store transaction. When the transaction is rolled back, the machine is restarted
    // from the store: its memory (account, sessions in flight) may hold what the rollback undid, e.g. a one-time
    // key already used by a message that will come again.
    bool cryptoTransaction(const std::function<bool()> &work);
};

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
    struct SyncWritten {
        bool ok = false;
        SyncDeltaPtr delta;                          // as stored: encrypted events decrypted (or marked)
        QMap<QString, QList<Event>> redecrypted;     // room -> stored events decrypted now that their key came
    };
    // Stores a whole sync response (and its since token) in one transaction, after the encryption machine (when
    // started) handled its to-device messages and decrypted its events in that same transaction.
    void writeSync(const SyncDeltaPtr &delta, std::function<void(const SyncWritten &)> done);

    // Runs `work` on the store thread with its state, then `reply` with the result on this object's thread.
    // Calls run in the order they were made.
    template<typename Result>
    void run(std::function<Result(StoreWorkerState &)> work, std::function<void(const Result &)> reply)
    {
        auto *state = m_state;
        // The reply is posted to this object: if it is destroyed first, its pending events die with it, and the
        // destructor waits for the worker, so `this` is valid whenever the posted reply runs.
        QMetaObject::invokeMethod(m_worker, [this, state, work = std::move(work), reply = std::move(reply)] {
            Result result = work(*state);
            QMetaObject::invokeMethod(this, [reply, result = std::move(result)] { reply(result); });
        });
    }

    // HistorySource
    bool ownsToken(const QString &token) const override;
    void loadOlder(const QString &roomId, const QString &token, int limit,
                   std::function<void(const MessagesPage &page)> done) override;
    void keepServerPage(const QString &roomId, const MessagesPage &page,
                        std::function<void(const MessagesPage &kept)> done) override;
    // OutboxJournal
    void insert(const OutboxEntry &entry, std::function<void(bool committed)> done) override;
    void setFailed(const QString &transactionId, bool failed, const QString &reason) override;
    void remove(const QString &transactionId, std::function<void(bool removed)> done) override;
    void resolve(const QString &transactionId, const QJsonObject &content, std::function<void(bool committed)> done) override;
    void recordUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl, bool encrypted,
                       std::function<void(bool committed)> done) override;

private:
    // run() with the open store only (nullptr when not open).
    template<typename Result>
    void runStore(std::function<Result(AccountStore *)> work, std::function<void(const Result &)> reply);
    void post(std::function<void(AccountStore *)> work);

    QThread *m_thread;
    QObject *m_worker;          // lives on m_thread; context for posted work
    StoreWorkerState *m_state;  // used on the worker thread only (its parts are created and destroyed there)
};

} // namespace estafette
