#pragma once

#include <QString>

namespace estafette {

struct StoreError {
    enum class Kind {
        None,
        KeychainUnavailable, // no Secret Service / keychain refused
        KeyMissing,          // the database exists but its key is not in the keychain
        WrongKeyOrCorrupt,   // SQLITE_NOTADB on first read: wrong key or damaged file
        NotEncrypted,        // PRAGMA cipher_version returned nothing: SQLCipher not active (never continue)
        Io,                  // cannot create/open/write the file
        Migration,           // a schema migration failed (the file is left as it was)
    };
    Kind kind = Kind::None;
    QString detail;          // for logs; no personal data
    bool ok() const { return kind == Kind::None; }
};

} // namespace estafette
