#include "media/attachment_cipher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

namespace estafette {

namespace {

using Kind = AttachmentError::Kind;

AttachmentError makeError(Kind kind, const QString &detail) { return AttachmentError{kind, detail}; }

struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); } // also cleanses the key schedule
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// EVP_*Update take int lengths: feed large buffers in slices.
constexpr qsizetype MaxSlice = qsizetype(1) << 30;

// Lenient base64 for input: standard or URL-safe alphabet, padded or not; anything else is an error.
bool decodeBase64(const QJsonValue &value, QByteArray *out)
{
    if (!value.isString())
        return false;
    const QByteArray text = value.toString().toLatin1();
    if (text.isEmpty())
        return false;
    for (const auto alphabet : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
        auto result = QByteArray::fromBase64Encoding(text, alphabet | QByteArray::AbortOnBase64DecodingErrors);
        if (result.decodingStatus == QByteArray::Base64DecodingStatus::Ok) {
            *out = std::move(result.decoded);
            return true;
        }
    }
    return false;
}

QString unpaddedBase64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

QString unpaddedBase64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

// AES-256-CTR over a 64-bit random prefix and a 64-bit counter that wraps without carrying into the prefix.
// OpenSSL's CTR mode increments all 128 bits; we restart it with the counter at 0 at the wrap point.
class CtrStream {
public:
    AttachmentError init(const unsigned char *key, const unsigned char *iv)
    {
        std::memcpy(m_iv.data(), iv, m_iv.size());
        m_ctx.reset(EVP_CIPHER_CTX_new());
        if (!m_ctx || EVP_EncryptInit_ex(m_ctx.get(), EVP_aes_256_ctr(), nullptr, key, iv) != 1)
            return makeError(Kind::Crypto, QStringLiteral("EVP_EncryptInit_ex(aes-256-ctr) failed"));
        std::uint64_t counter = 0;
        for (int i = 8; i < 16; ++i)
            counter = (counter << 8) | iv[i];
        m_offset = 0;
        m_wrapReachable = false;
        if (counter != 0) {
            const std::uint64_t blocksToWrap = std::uint64_t(0) - counter; // 2^64 - counter
            if (blocksToWrap <= (std::numeric_limits<std::uint64_t>::max() >> 4)) {
                m_wrapReachable = true;
                m_wrapOffset = blocksToWrap * 16;
            }
        }
        return {};
    }

    AttachmentError apply(QByteArrayView in, char *out)
    {
        if (!m_ctx)
            return makeError(Kind::InvalidState, QStringLiteral("cipher not initialised"));
        qsizetype done = 0;
        while (done < in.size()) {
            qsizetype n = std::min(in.size() - done, MaxSlice);
            if (m_wrapReachable && m_offset + std::uint64_t(n) > m_wrapOffset)
                n = qsizetype(m_wrapOffset - m_offset);
            int outLen = 0;
            if (n > 0
                && (EVP_EncryptUpdate(m_ctx.get(), reinterpret_cast<unsigned char *>(out + done), &outLen,
                                      reinterpret_cast<const unsigned char *>(in.data() + done), int(n)) != 1
                    || outLen != int(n)))
                return makeError(Kind::Crypto, QStringLiteral("EVP_EncryptUpdate failed"));
            done += n;
            m_offset += std::uint64_t(n);
            if (m_wrapReachable && m_offset == m_wrapOffset) {
                // Counter wraps from 2^64-1 to 0; the random prefix stays.
                std::array<unsigned char, 16> wrapped{};
                std::memcpy(wrapped.data(), m_iv.data(), 8);
                if (EVP_EncryptInit_ex(m_ctx.get(), nullptr, nullptr, nullptr, wrapped.data()) != 1)
                    return makeError(Kind::Crypto, QStringLiteral("EVP_EncryptInit_ex(counter wrap) failed"));
                m_wrapReachable = false; // the next wrap is 2^64 blocks away
            }
        }
        return {};
    }

    void reset() { m_ctx.reset(); }
    bool active() const { return bool(m_ctx); }

private:
    CipherCtx m_ctx;
    std::array<unsigned char, 16> m_iv{};
    std::uint64_t m_offset = 0;     // bytes processed since init
    bool m_wrapReachable = false;
    std::uint64_t m_wrapOffset = 0; // byte offset at which the low 64 bits of the counter wrap
};

class Sha256Stream {
public:
    AttachmentError init()
    {
        m_ctx.reset(EVP_MD_CTX_new());
        if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1)
            return makeError(Kind::Crypto, QStringLiteral("EVP_DigestInit_ex(sha256) failed"));
        return {};
    }
    AttachmentError update(QByteArrayView data)
    {
        if (!m_ctx)
            return makeError(Kind::InvalidState, QStringLiteral("hash not initialised"));
        if (!data.isEmpty() && EVP_DigestUpdate(m_ctx.get(), data.data(), size_t(data.size())) != 1)
            return makeError(Kind::Crypto, QStringLiteral("EVP_DigestUpdate failed"));
        return {};
    }
    AttachmentResult<QByteArray> finish()
    {
        AttachmentResult<QByteArray> result;
        if (!m_ctx) {
            result.error = makeError(Kind::InvalidState, QStringLiteral("hash not initialised"));
            return result;
        }
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        const bool ok = EVP_DigestFinal_ex(m_ctx.get(), digest, &length) == 1 && length == 32;
        m_ctx.reset();
        if (!ok)
            result.error = makeError(Kind::Crypto, QStringLiteral("EVP_DigestFinal_ex failed"));
        else
            result.value = QByteArray(reinterpret_cast<const char *>(digest), int(length));
        return result;
    }
    bool active() const { return bool(m_ctx); }
    void reset() { m_ctx.reset(); }

private:
    MdCtx m_ctx;
};

AttachmentError compareHash(const QByteArray &actual, const QByteArray &expected)
{
    if (actual.size() != EncryptedFileInfo::Sha256Size || expected.size() != EncryptedFileInfo::Sha256Size
        || CRYPTO_memcmp(actual.constData(), expected.constData(), size_t(actual.size())) != 0)
        return makeError(Kind::HashMismatch, QStringLiteral("SHA-256 of the ciphertext does not match"));
    return {};
}

} // namespace

const char *AttachmentError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return "none";
    case Kind::MalformedInfo: return "malformed-info";
    case Kind::UnsupportedVersion: return "unsupported-version";
    case Kind::UnsupportedAlgorithm: return "unsupported-algorithm";
    case Kind::InvalidKey: return "invalid-key";
    case Kind::InvalidIv: return "invalid-iv";
    case Kind::MissingHash: return "missing-hash";
    case Kind::HashMismatch: return "hash-mismatch";
    case Kind::Crypto: return "crypto";
    case Kind::InvalidState: return "invalid-state";
    case Kind::Io: return "io";
    }
    return "unknown";
}

// ---- EncryptedFileInfo ------------------------------------------------------------------------------------------

EncryptedFileInfo::~EncryptedFileInfo() { wipeKey(); }

void EncryptedFileInfo::wipeKey() { wipe(key); }

AttachmentError EncryptedFileInfo::validate() const
{
    if (version != QLatin1String("v2"))
        return makeError(Kind::UnsupportedVersion, QStringLiteral("version \"%1\" (only v2)").arg(version.left(16)));
    if (key.size() != KeySize)
        return makeError(Kind::InvalidKey, QStringLiteral("key is %1 bytes, not 32").arg(key.size()));
    if (iv.size() != IvSize)
        return makeError(Kind::InvalidIv, QStringLiteral("iv is %1 bytes, not 16").arg(iv.size()));
    if (sha256.size() != Sha256Size)
        return makeError(Kind::MissingHash, QStringLiteral("sha256 is %1 bytes, not 32").arg(sha256.size()));
    return {};
}

QJsonObject EncryptedFileInfo::toJson() const
{
    const QJsonObject jwk{
        {QStringLiteral("kty"), QStringLiteral("oct")},
        {QStringLiteral("key_ops"), QJsonArray{QStringLiteral("encrypt"), QStringLiteral("decrypt")}},
        {QStringLiteral("alg"), QStringLiteral("A256CTR")},
        {QStringLiteral("k"), unpaddedBase64Url(key)},
        {QStringLiteral("ext"), true},
    };
    return QJsonObject{
        {QStringLiteral("v"), version},
        {QStringLiteral("key"), jwk},
        {QStringLiteral("iv"), unpaddedBase64(iv)},
        {QStringLiteral("hashes"), QJsonObject{{QStringLiteral("sha256"), unpaddedBase64(sha256)}}},
        {QStringLiteral("url"), url},
    };
}

AttachmentResult<EncryptedFileInfo> EncryptedFileInfo::fromJson(const QJsonObject &file)
{
    AttachmentResult<EncryptedFileInfo> result;
    auto fail = [&result](Kind kind, const QString &detail) {
        result.value.wipeKey();
        result.error = makeError(kind, detail);
        return result;
    };

    const QJsonValue v = file.value(QLatin1String("v"));
    if (!v.isString())
        return fail(Kind::UnsupportedVersion, QStringLiteral("no \"v\" string (v1 or older attachment)"));
    if (v.toString() != QLatin1String("v2"))
        return fail(Kind::UnsupportedVersion, QStringLiteral("version \"%1\" (only v2)").arg(v.toString().left(16)));

    const QJsonValue url = file.value(QLatin1String("url"));
    if (!url.isString())
        return fail(Kind::MalformedInfo, QStringLiteral("no \"url\" string"));

    const QJsonValue keyValue = file.value(QLatin1String("key"));
    if (!keyValue.isObject())
        return fail(Kind::MalformedInfo, QStringLiteral("no \"key\" object"));
    const QJsonObject jwk = keyValue.toObject();
    if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("oct"))
        return fail(Kind::UnsupportedAlgorithm, QStringLiteral("key type is not \"oct\""));
    if (jwk.value(QLatin1String("alg")).toString() != QLatin1String("A256CTR"))
        return fail(Kind::UnsupportedAlgorithm, QStringLiteral("algorithm is not \"A256CTR\""));
    if (!decodeBase64(jwk.value(QLatin1String("k")), &result.value.key))
        return fail(Kind::MalformedInfo, QStringLiteral("key \"k\" is missing or not base64"));
    if (result.value.key.size() != KeySize)
        return fail(Kind::InvalidKey, QStringLiteral("key is %1 bytes, not 32").arg(result.value.key.size()));

    if (!decodeBase64(file.value(QLatin1String("iv")), &result.value.iv))
        return fail(Kind::MalformedInfo, QStringLiteral("\"iv\" is missing or not base64"));
    if (result.value.iv.size() != IvSize)
        return fail(Kind::InvalidIv, QStringLiteral("iv is %1 bytes, not 16").arg(result.value.iv.size()));

    const QJsonValue hashes = file.value(QLatin1String("hashes"));
    if (!hashes.isObject())
        return fail(Kind::MissingHash, QStringLiteral("no \"hashes\" object"));
    const QJsonValue sha = hashes.toObject().value(QLatin1String("sha256"));
    if (sha.isUndefined())
        return fail(Kind::MissingHash, QStringLiteral("no \"hashes.sha256\""));
    if (!decodeBase64(sha, &result.value.sha256))
        return fail(Kind::MalformedInfo, QStringLiteral("\"hashes.sha256\" is not base64"));
    if (result.value.sha256.size() != Sha256Size)
        return fail(Kind::MissingHash,
                    QStringLiteral("sha256 is %1 bytes, not 32").arg(result.value.sha256.size()));

    result.value.url = url.toString();
    result.value.version = v.toString();
    return result;
}

AttachmentResult<EncryptedFileInfo> EncryptedFileInfo::fromJson(const QByteArray &json)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        AttachmentResult<EncryptedFileInfo> result;
        result.error = makeError(Kind::MalformedInfo, QStringLiteral("EncryptedFile is not a JSON object"));
        return result;
    }
    return fromJson(doc.object());
}

// ---- AttachmentEncryptor ----------------------------------------------------------------------------------------

struct AttachmentEncryptor::Private {
    CtrStream cipher;
    Sha256Stream hash;
    std::array<unsigned char, 32> key{};
    std::array<unsigned char, 16> iv{};

    void clear()
    {
        cipher.reset();
        hash.reset();
        OPENSSL_cleanse(key.data(), key.size());
        iv.fill(0);
    }
    ~Private() { clear(); }
};

AttachmentEncryptor::AttachmentEncryptor() : d(std::make_unique<Private>()) {}
AttachmentEncryptor::~AttachmentEncryptor() = default;
AttachmentEncryptor::AttachmentEncryptor(AttachmentEncryptor &&) noexcept = default;
AttachmentEncryptor &AttachmentEncryptor::operator=(AttachmentEncryptor &&) noexcept = default;

AttachmentError AttachmentEncryptor::init()
{
    std::array<unsigned char, 32> key{};
    std::array<unsigned char, 16> iv{}; // low 8 bytes (the counter) stay 0
    if (RAND_bytes(key.data(), int(key.size())) != 1 || RAND_bytes(iv.data(), 8) != 1) {
        OPENSSL_cleanse(key.data(), key.size());
        return makeError(Kind::Crypto, QStringLiteral("RAND_bytes failed"));
    }
    const AttachmentError error = init(QByteArrayView(reinterpret_cast<const char *>(key.data()), key.size()),
                                       QByteArrayView(reinterpret_cast<const char *>(iv.data()), iv.size()));
    OPENSSL_cleanse(key.data(), key.size());
    return error;
}

AttachmentError AttachmentEncryptor::init(QByteArrayView key, QByteArrayView iv)
{
    if (!d)
        d = std::make_unique<Private>();
    d->clear();
    if (key.size() != EncryptedFileInfo::KeySize)
        return makeError(Kind::InvalidKey, QStringLiteral("key is %1 bytes, not 32").arg(key.size()));
    if (iv.size() != EncryptedFileInfo::IvSize)
        return makeError(Kind::InvalidIv, QStringLiteral("iv is %1 bytes, not 16").arg(iv.size()));
    std::memcpy(d->key.data(), key.data(), d->key.size());
    std::memcpy(d->iv.data(), iv.data(), d->iv.size());
    AttachmentError error = d->cipher.init(d->key.data(), d->iv.data());
    if (error.ok())
        error = d->hash.init();
    if (!error.ok())
        d->clear();
    return error;
}

AttachmentResult<QByteArray> AttachmentEncryptor::update(QByteArrayView plaintext)
{
    AttachmentResult<QByteArray> result;
    if (!d || !d->cipher.active() || !d->hash.active()) {
        result.error = makeError(Kind::InvalidState, QStringLiteral("encryptor not initialised"));
        return result;
    }
    result.value.resize(plaintext.size());
    result.error = d->cipher.apply(plaintext, result.value.data());
    if (result.error.ok())
        result.error = d->hash.update(result.value);
    if (!result.error.ok()) {
        d->clear();
        result.value.clear();
    }
    return result;
}

AttachmentResult<EncryptedFileInfo> AttachmentEncryptor::finish()
{
    AttachmentResult<EncryptedFileInfo> result;
    if (!d || !d->cipher.active() || !d->hash.active()) {
        result.error = makeError(Kind::InvalidState, QStringLiteral("encryptor not initialised"));
        return result;
    }
    AttachmentResult<QByteArray> digest = d->hash.finish();
    if (!digest.ok()) {
        d->clear();
        result.error = digest.error;
        return result;
    }
    result.value.key = QByteArray(reinterpret_cast<const char *>(d->key.data()), int(d->key.size()));
    result.value.iv = QByteArray(reinterpret_cast<const char *>(d->iv.data()), int(d->iv.size()));
    result.value.sha256 = digest.value;
    d->clear();
    return result;
}

// ---- AttachmentDecryptor ----------------------------------------------------------------------------------------

struct AttachmentDecryptor::Private {
    CtrStream cipher;
    Sha256Stream hash;
    QByteArray expectedSha256;

    void clear()
    {
        cipher.reset();
        hash.reset();
        expectedSha256.clear();
    }
};

AttachmentDecryptor::AttachmentDecryptor() : d(std::make_unique<Private>()) {}
AttachmentDecryptor::~AttachmentDecryptor() = default;
AttachmentDecryptor::AttachmentDecryptor(AttachmentDecryptor &&) noexcept = default;
AttachmentDecryptor &AttachmentDecryptor::operator=(AttachmentDecryptor &&) noexcept = default;

AttachmentError AttachmentDecryptor::init(const EncryptedFileInfo &info)
{
    if (!d)
        d = std::make_unique<Private>();
    d->clear();
    AttachmentError error = info.validate();
    if (!error.ok())
        return error;
    std::array<unsigned char, 32> key{};
    std::memcpy(key.data(), info.key.constData(), key.size());
    error = d->cipher.init(key.data(), reinterpret_cast<const unsigned char *>(info.iv.constData()));
    OPENSSL_cleanse(key.data(), key.size());
    if (error.ok())
        error = d->hash.init();
    if (!error.ok()) {
        d->clear();
        return error;
    }
    d->expectedSha256 = info.sha256;
    return {};
}

AttachmentResult<QByteArray> AttachmentDecryptor::update(QByteArrayView ciphertext)
{
    AttachmentResult<QByteArray> result;
    if (!d || !d->cipher.active() || !d->hash.active()) {
        result.error = makeError(Kind::InvalidState, QStringLiteral("decryptor not initialised"));
        return result;
    }
    result.error = d->hash.update(ciphertext);
    if (result.error.ok()) {
        result.value.resize(ciphertext.size());
        result.error = d->cipher.apply(ciphertext, result.value.data());
    }
    if (!result.error.ok()) {
        d->clear();
        wipe(result.value);
    }
    return result;
}

AttachmentError AttachmentDecryptor::finish()
{
    if (!d || !d->cipher.active() || !d->hash.active())
        return makeError(Kind::InvalidState, QStringLiteral("decryptor not initialised"));
    const AttachmentResult<QByteArray> digest = d->hash.finish();
    const QByteArray expected = d->expectedSha256;
    d->clear();
    if (!digest.ok())
        return digest.error;
    return compareHash(digest.value, expected);
}

// ---- AttachmentHashVerifier -------------------------------------------------------------------------------------

struct AttachmentHashVerifier::Private {
    Sha256Stream hash;
    QByteArray expectedSha256;
};

AttachmentHashVerifier::AttachmentHashVerifier() : d(std::make_unique<Private>()) {}
AttachmentHashVerifier::~AttachmentHashVerifier() = default;
AttachmentHashVerifier::AttachmentHashVerifier(AttachmentHashVerifier &&) noexcept = default;
AttachmentHashVerifier &AttachmentHashVerifier::operator=(AttachmentHashVerifier &&) noexcept = default;

AttachmentError AttachmentHashVerifier::init(const EncryptedFileInfo &info)
{
    if (!d)
        d = std::make_unique<Private>();
    d->hash.reset();
    d->expectedSha256.clear();
    if (info.sha256.size() != EncryptedFileInfo::Sha256Size)
        return makeError(Kind::MissingHash, QStringLiteral("sha256 is %1 bytes, not 32").arg(info.sha256.size()));
    AttachmentError error = d->hash.init();
    if (error.ok())
        d->expectedSha256 = info.sha256;
    return error;
}

AttachmentError AttachmentHashVerifier::update(QByteArrayView ciphertext)
{
    if (!d || !d->hash.active())
        return makeError(Kind::InvalidState, QStringLiteral("verifier not initialised"));
    return d->hash.update(ciphertext);
}

AttachmentError AttachmentHashVerifier::finish()
{
    if (!d || !d->hash.active())
        return makeError(Kind::InvalidState, QStringLiteral("verifier not initialised"));
    const AttachmentResult<QByteArray> digest = d->hash.finish();
    if (!digest.ok())
        return digest.error;
    return compareHash(digest.value, d->expectedSha256);
}

// ---- one-shot ---------------------------------------------------------------------------------------------------

AttachmentResult<EncryptedAttachment> encryptAttachment(QByteArrayView plaintext)
{
    AttachmentResult<EncryptedAttachment> result;
    AttachmentEncryptor encryptor;
    result.error = encryptor.init();
    if (!result.ok())
        return result;
    AttachmentResult<QByteArray> ciphertext = encryptor.update(plaintext);
    if (!ciphertext.ok()) {
        result.error = ciphertext.error;
        return result;
    }
    AttachmentResult<EncryptedFileInfo> info = encryptor.finish();
    if (!info.ok()) {
        result.error = info.error;
        return result;
    }
    result.value.ciphertext = std::move(ciphertext.value);
    result.value.info = std::move(info.value);
    return result;
}

AttachmentResult<QByteArray> decryptAttachment(QByteArrayView ciphertext, const EncryptedFileInfo &info)
{
    AttachmentResult<QByteArray> result;
    result.error = info.validate();
    if (!result.ok())
        return result;

    AttachmentHashVerifier verifier;
    result.error = verifier.init(info);
    if (result.ok())
        result.error = verifier.update(ciphertext);
    if (result.ok())
        result.error = verifier.finish();
    if (!result.ok())
        return result; // nothing decrypted

    AttachmentDecryptor decryptor;
    result.error = decryptor.init(info);
    if (!result.ok())
        return result;
    AttachmentResult<QByteArray> plaintext = decryptor.update(ciphertext);
    if (!plaintext.ok()) {
        result.error = plaintext.error;
        return result;
    }
    result.error = decryptor.finish();
    if (!result.ok()) {
        wipe(plaintext.value);
        return result;
    }
    result.value = std::move(plaintext.value);
    return result;
}

} // namespace estafette
