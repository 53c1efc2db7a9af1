#pragma once

#include <QByteArray>

#include <optional>

namespace estafette {

class Database;

// The device's Olm account as the store keeps it: its pickle (encrypted by libolm with `pickleKey`) and the key,
// both only ever in the encrypted database.
struct StoredCryptoAccount {
    QByteArray pickle;
    QByteArray pickleKey;          // 32 random bytes; secret
    bool deviceKeysPublished = false; // /keys/upload of the device keys succeeded
};

// Table group "crypto account" (schema 3): one row.
class CryptoTable {
public:
    explicit CryptoTable(Database &db) : m_db(db) {}

    static bool createV3(Database &db);

    bool save(const StoredCryptoAccount &account);
    // nullopt when there is no row, or on a read error (*failed set then).
    std::optional<StoredCryptoAccount> load(bool *failed = nullptr);

private:
    Database &m_db;
};

} // namespace estafette
