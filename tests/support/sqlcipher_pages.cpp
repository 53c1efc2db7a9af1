#include "support/sqlcipher_pages.h"

#include <QFile>

#include <openssl/evp.h>

namespace estafette::testsupport {

namespace {

constexpr int kPageSize = 4096;  // the store's cipher_page_size
constexpr int kReserve = 48;     // IV (16) + HMAC-SHA1 (20), rounded up to the AES block
constexpr int kSaltSize = 16;    // page 1 starts with the salt instead of SQLite's header

QByteArray decryptPage(const QByteArray &page, bool firstPage, const QByteArray &key)
{
    const int offset = firstPage ? kSaltSize : 0;
    const int length = kPageSize - kReserve - offset;
    const auto *iv = reinterpret_cast<const unsigned char *>(page.constData() + kPageSize - kReserve);
    QByteArray plain(length, '\0');
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int outLength = 0;
    bool ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, reinterpret_cast<const unsigned char *>(key.constData()), iv) == 1
        && EVP_CIPHER_CTX_set_padding(ctx, 0) == 1
        && EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char *>(plain.data()), &outLength,
                             reinterpret_cast<const unsigned char *>(page.constData() + offset), length) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? plain : QByteArray();
}

quint32 bigEndian32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
}

} // namespace

QByteArray decryptedPages(const QString &databasePath, const QByteArray &rawKey)
{
    QByteArray out;
    QFile db(databasePath);
    if (!db.open(QIODevice::ReadOnly))
        return out;
    const QByteArray file = db.readAll();
    for (qsizetype at = 0; at + kPageSize <= file.size(); at += kPageSize)
        out += decryptPage(file.mid(at, kPageSize), at == 0, rawKey);
    QFile wal(databasePath + QStringLiteral("-wal"));
    if (wal.open(QIODevice::ReadOnly)) {
        const QByteArray frames = wal.readAll();
        constexpr int kWalHeader = 32, kFrameHeader = 24;
        for (qsizetype at = kWalHeader; at + kFrameHeader + kPageSize <= frames.size(); at += kFrameHeader + kPageSize) {
            const quint32 pageNumber = bigEndian32(frames.constData() + at);
            out += decryptPage(frames.mid(at + kFrameHeader, kPageSize), pageNumber == 1, rawKey);
        }
    }
    return out;
}

} // namespace estafette::testsupport
