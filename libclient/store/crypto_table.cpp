#include "store/crypto_table.h"

#include "store/database.h"
#include "store/statement.h"

namespace estafette {

bool CryptoTable::createV3(Database &db)
{
    return db.exec(
        "CREATE TABLE crypto_account ("
        "  id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  pickle BLOB NOT NULL,"
        "  pickle_key BLOB NOT NULL,"
        "  device_keys_published INTEGER NOT NULL DEFAULT 0);");
}

bool CryptoTable::save(const StoredCryptoAccount &account)
{
    Statement &s = m_db.cached("INSERT OR REPLACE INTO crypto_account (id, pickle, pickle_key, device_keys_published) "
                               "VALUES (1, ?, ?, ?)");
    return s.bindBlob(1, account.pickle.isNull() ? QByteArray("") : account.pickle)
        .bindBlob(2, account.pickleKey.isNull() ? QByteArray("") : account.pickleKey)
        .bindInt64(3, account.deviceKeysPublished ? 1 : 0)
        .exec();
}

std::optional<StoredCryptoAccount> CryptoTable::load(bool *failed)
{
    Statement &s = m_db.cached("SELECT pickle, pickle_key, device_keys_published FROM crypto_account WHERE id = 1");
    std::optional<StoredCryptoAccount> result;
    const Statement::Step step = s.step();
    if (failed)
        *failed = step == Statement::Step::Error;
    if (step == Statement::Step::Row) {
        StoredCryptoAccount a;
        a.pickle = s.blob(0);
        a.pickleKey = s.blob(1);
        a.deviceKeysPublished = s.int64(2) != 0;
        result = a;
    }
    s.reset();
    return result;
}

} // namespace estafette
