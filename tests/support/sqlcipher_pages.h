#pragma once

#include <QByteArray>
#include <QString>

namespace estafette::testsupport {

// Every page of an account database as SQLCipher 3 keeps it, decrypted with the store's raw key (AES-256-CBC,
// 4096-byte pages, a 48-byte reserve holding each page's IV and HMAC): the database file, then each frame of its
// WAL. What a person holding the key could read from the files, including free pages and old copies SQL no
// longer shows — so a test can prove that erased content is really gone. Empty when a file can't be read.
QByteArray decryptedPages(const QString &databasePath, const QByteArray &rawKey);

} // namespace estafette::testsupport
