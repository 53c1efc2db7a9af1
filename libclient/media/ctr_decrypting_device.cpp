#include "media/ctr_decrypting_device.h"

#include <QDir>
#include <QFileInfo>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace estafette {

namespace {

using Kind = AttachmentError::Kind;

constexpr qint64 VerifyChunk = qint64(1) << 20;
constexpr qint64 NoWrap = std::numeric_limits<qint64>::max();

// A file name from the database is relative to the media folder and stays inside it.
QString pathInside(const QString &mediaPath, const QString &fileName)
{
    const QString clean = QDir::cleanPath(fileName);
    if (mediaPath.isEmpty() || clean.isEmpty() || QDir::isAbsolutePath(clean) || clean == QLatin1String("..")
        || clean.startsWith(QLatin1String("../")))
        return {};
    return QDir(mediaPath).filePath(clean);
}

} // namespace

struct CtrDecryptingDevice::CipherCtx {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); } // also cleanses the key schedule
};

CtrDecryptingDevice::CtrDecryptingDevice(const QString &ciphertextPath, const EncryptedFileInfo &info,
                                         QObject *parent)
    : QIODevice(parent), m_path(ciphertextPath), m_info(info)
{
}

CtrDecryptingDevice::CtrDecryptingDevice(const QString &mediaPath, const StagedFile &file, QObject *parent)
    : QIODevice(parent), m_path(pathInside(mediaPath, file.fileName)), m_info(file.cipher)
{
}

CtrDecryptingDevice::~CtrDecryptingDevice()
{
    wipeCipher();
    m_info.wipeKey();
}

void CtrDecryptingDevice::wipeCipher()
{
    m_ctx.reset();
    m_ctxPos = -1;
}

bool CtrDecryptingDevice::open(OpenMode mode)
{
    m_error = {};
    if ((mode & ReadWrite) != ReadOnly || (mode & (Append | Truncate))) {
        m_error = {Kind::InvalidState, QStringLiteral("the decrypting device is read-only")};
        setErrorString(m_error.detail);
        return false;
    }
    // Only the key and IV matter for decryption; the hash may legitimately be unknown (verifyCiphertext() needs it).
    if (m_info.key.size() != EncryptedFileInfo::KeySize || m_info.iv.size() != EncryptedFileInfo::IvSize) {
        m_error = m_info.key.size() != EncryptedFileInfo::KeySize
                      ? AttachmentError{Kind::InvalidKey, QStringLiteral("key is %1 bytes").arg(m_info.key.size())}
                      : AttachmentError{Kind::InvalidIv, QStringLiteral("iv is %1 bytes").arg(m_info.iv.size())};
        setErrorString(m_error.detail);
        return false;
    }
    if (m_path.isEmpty()) {
        m_error = {Kind::Io, QStringLiteral("no ciphertext file (or a file name outside the media folder)")};
        setErrorString(m_error.detail);
        return false;
    }
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        m_error = {Kind::Io, QStringLiteral("cannot open the ciphertext: %1").arg(m_file.errorString())};
        setErrorString(m_error.detail);
        return false;
    }
    m_ctx = std::make_unique<CipherCtx>();
    if (!m_ctx->ctx) {
        m_file.close();
        m_ctx.reset();
        m_error = {Kind::Crypto, QStringLiteral("EVP_CIPHER_CTX_new failed")};
        setErrorString(m_error.detail);
        return false;
    }
    m_readPos = 0;
    m_ctxPos = -1;
    // Unbuffered: QIODevice would otherwise keep a second copy of the plaintext, and every read position is ours.
    return QIODevice::open(ReadOnly | Unbuffered);
}

void CtrDecryptingDevice::close()
{
    QIODevice::close();
    m_file.close();
    wipeCipher();
    m_readPos = 0;
}

qint64 CtrDecryptingDevice::size() const
{
    return m_file.isOpen() ? m_file.size() : QFileInfo(m_path).size();
}

bool CtrDecryptingDevice::seek(qint64 pos)
{
    if (!isOpen() || pos < 0 || pos > size())
        return false;
    if (!QIODevice::seek(pos))
        return false;
    m_readPos = pos;
    return true;
}

bool CtrDecryptingDevice::restartCipherAt(qint64 pos)
{
    const std::uint64_t block = std::uint64_t(pos) / 16;
    const int within = int(pos % 16);
    const auto *iv = reinterpret_cast<const unsigned char *>(m_info.iv.constData());
    std::uint64_t initial = 0;
    for (int i = 8; i < 16; ++i)
        initial = (initial << 8) | iv[i];
    const std::uint64_t counter = initial + block; // modulo 2^64: the spec's counter never carries into the prefix

    unsigned char counterBlock[16];
    std::memcpy(counterBlock, iv, 8);
    for (int i = 0; i < 8; ++i)
        counterBlock[15 - i] = static_cast<unsigned char>(counter >> (8 * i));

    unsigned char key[32];
    std::memcpy(key, m_info.key.constData(), sizeof key);
    const bool initialised = EVP_EncryptInit_ex(m_ctx->ctx, EVP_aes_256_ctr(), nullptr, key, counterBlock) == 1;
    OPENSSL_cleanse(key, sizeof key);
    if (!initialised) {
        m_ctxPos = -1;
        return false;
    }
    if (within > 0) { // move into the block: the keystream of its first bytes is used up on nothing
        unsigned char skip[16] = {};
        int outLen = 0;
        if (EVP_EncryptUpdate(m_ctx->ctx, skip, &outLen, skip, within) != 1 || outLen != within) {
            m_ctxPos = -1;
            return false;
        }
    }
    // OpenSSL increments all 128 bits: stop where the low 64 wrap (counter 2^64-1 -> 0) and restart there.
    const std::uint64_t blocksToWrap = std::uint64_t(0) - counter; // 2^64 - counter; 0 means counter is 0: no wrap
    const std::uint64_t maxBlocks = std::uint64_t(NoWrap) / 16 - block;
    m_ctxWrapPos = (counter == 0 || blocksToWrap > maxBlocks) ? NoWrap : qint64((block + blocksToWrap) * 16);
    m_ctxPos = pos;
    return true;
}

qint64 CtrDecryptingDevice::readData(char *data, qint64 maxSize)
{
    if (!m_file.isOpen() || !m_ctx)
        return -1;
    const qint64 available = m_file.size() - m_readPos;
    const qint64 wanted = std::min(maxSize, available);
    if (wanted <= 0)
        return 0;
    if (m_file.pos() != m_readPos && !m_file.seek(m_readPos)) {
        m_error = {Kind::Io, QStringLiteral("cannot seek the ciphertext: %1").arg(m_file.errorString())};
        setErrorString(m_error.detail);
        return -1;
    }
    const qint64 got = m_file.read(data, wanted);
    if (got < 0) {
        m_error = {Kind::Io, QStringLiteral("cannot read the ciphertext: %1").arg(m_file.errorString())};
        setErrorString(m_error.detail);
        return -1;
    }

    // Decrypt in place, in slices that neither cross a counter wrap nor overflow EVP's int length.
    qint64 done = 0;
    while (done < got) {
        const qint64 pos = m_readPos + done;
        if ((m_ctxPos != pos || pos == m_ctxWrapPos) && !restartCipherAt(pos)) {
            OPENSSL_cleanse(data, size_t(got));
            m_error = {Kind::Crypto, QStringLiteral("EVP_EncryptInit_ex(aes-256-ctr) failed")};
            setErrorString(m_error.detail);
            return -1;
        }
        const qint64 n = std::min({got - done, m_ctxWrapPos - pos, qint64(1) << 30});
        auto *bytes = reinterpret_cast<unsigned char *>(data + done);
        int outLen = 0;
        if (EVP_EncryptUpdate(m_ctx->ctx, bytes, &outLen, bytes, int(n)) != 1 || outLen != int(n)) {
            OPENSSL_cleanse(data, size_t(got));
            m_ctxPos = -1;
            m_error = {Kind::Crypto, QStringLiteral("EVP_EncryptUpdate failed")};
            setErrorString(m_error.detail);
            return -1;
        }
        done += n;
        m_ctxPos += n;
    }
    m_readPos += got;
    return got;
}

qint64 CtrDecryptingDevice::writeData(const char *, qint64)
{
    return -1;
}

AttachmentError CtrDecryptingDevice::verifyCiphertext()
{
    AttachmentHashVerifier verifier;
    AttachmentError error = verifier.init(m_info);
    if (!error.ok())
        return m_error = error;
    QFile file(m_path);
    if (m_path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return m_error = {Kind::Io, QStringLiteral("cannot open the ciphertext: %1").arg(file.errorString())};
    QByteArray chunk;
    for (;;) {
        chunk = file.read(VerifyChunk);
        if (chunk.isEmpty())
            break;
        error = verifier.update(chunk);
        if (!error.ok())
            return m_error = error;
    }
    if (!file.atEnd())
        return m_error = {Kind::Io, QStringLiteral("cannot read the ciphertext: %1").arg(file.errorString())};
    return m_error = verifier.finish();
}

} // namespace estafette
