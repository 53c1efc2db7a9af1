#include "crypto/libolm_account.h"

#include "crypto/libolm_error.h"
#include "crypto/libolm_session.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <olm/olm.h>

#include <cstring>

namespace estafette {

namespace {
// libolm returns public keys as {"curve25519": {"AAAAAQ": "<key>", ...}}.
PublicKeys parseCurveKeys(const QByteArray &json)
{
    PublicKeys keys;
    const QJsonObject curve = QJsonDocument::fromJson(json).object().value(QLatin1String("curve25519")).toObject();
    for (auto it = curve.begin(); it != curve.end(); ++it)
        keys.insert(it.key(), it.value().toString());
    return keys;
}
} // namespace

LibolmAccount::LibolmAccount()
    : m_memory(olm_account_size())
    , m_account(olm_account(m_memory.data()))
{
}

LibolmAccount::~LibolmAccount()
{
    olm_clear_account(m_account);
}

CryptoError LibolmAccount::lastError() const
{
    return cryptoErrorFromOlm(olm_account_last_error_code(m_account));
}

std::size_t LibolmAccount::createRandomLength()
{
    LibolmAccount probe;
    return olm_create_account_random_length(probe.m_account);
}

CryptoStatus LibolmAccount::initialise(SecretBuffer &random)
{
    if (olm_create_account(m_account, random.data(), random.size()) == olm_error())
        return lastError();
    return readIdentityKeys();
}

CryptoResult<std::unique_ptr<LibolmAccount>> LibolmAccount::create()
{
    std::unique_ptr<LibolmAccount> account(new LibolmAccount);
    SecretBuffer random(olm_create_account_random_length(account->m_account));
    if (!random.fillRandom())
        return CryptoError::NotEnoughRandom;
    if (const CryptoStatus status = account->initialise(random); !status)
        return status.error();
    return account;
}

CryptoResult<std::unique_ptr<LibolmAccount>> LibolmAccount::createFromRandom(const QByteArray &random)
{
    std::unique_ptr<LibolmAccount> account(new LibolmAccount);
    SecretBuffer bytes(static_cast<std::size_t>(random.size()));
    if (!random.isEmpty())
        std::memcpy(bytes.data(), random.constData(), bytes.size());
    if (const CryptoStatus status = account->initialise(bytes); !status)
        return status.error();
    return account;
}

CryptoResult<std::unique_ptr<LibolmAccount>> LibolmAccount::unpickle(const QByteArray &pickle,
                                                                     const QByteArray &pickleKey)
{
    std::unique_ptr<LibolmAccount> account(new LibolmAccount);
    SecretBuffer buffer = SecretBuffer::copyOf(pickle); // overwritten by libolm
    const std::size_t rc = olm_unpickle_account(account->m_account, pickleKey.constData(), pickleKey.size(),
                                                buffer.data(), buffer.size());
    if (rc == olm_error())
        return account->lastError();
    if (const CryptoStatus status = account->readIdentityKeys(); !status)
        return status.error();
    return account;
}

CryptoStatus LibolmAccount::readIdentityKeys()
{
    QByteArray json(static_cast<qsizetype>(olm_account_identity_keys_length(m_account)), Qt::Uninitialized);
    const std::size_t n = olm_account_identity_keys(m_account, json.data(), json.size());
    if (n == olm_error())
        return lastError();
    json.truncate(static_cast<qsizetype>(n));
    const QJsonObject keys = QJsonDocument::fromJson(json).object();
    m_identityKeys.curve25519 = keys.value(QLatin1String("curve25519")).toString();
    m_identityKeys.ed25519 = keys.value(QLatin1String("ed25519")).toString();
    if (m_identityKeys.curve25519.isEmpty() || m_identityKeys.ed25519.isEmpty())
        return CryptoError::Unknown;
    return {};
}

IdentityKeys LibolmAccount::identityKeys() const
{
    return m_identityKeys;
}

CryptoResult<QString> LibolmAccount::sign(const QByteArray &message)
{
    QByteArray signature(static_cast<qsizetype>(olm_account_signature_length(m_account)), Qt::Uninitialized);
    const std::size_t n = olm_account_sign(m_account, message.constData(), message.size(), signature.data(),
                                           signature.size());
    if (n == olm_error())
        return lastError();
    return QString::fromLatin1(signature.constData(), static_cast<qsizetype>(n));
}

std::size_t LibolmAccount::maxNumberOfOneTimeKeys() const
{
    return olm_account_max_number_of_one_time_keys(m_account);
}

CryptoStatus LibolmAccount::generateOneTimeKeys(std::size_t count)
{
    SecretBuffer random(olm_account_generate_one_time_keys_random_length(m_account, count));
    if (!random.fillRandom())
        return CryptoError::NotEnoughRandom;
    if (olm_account_generate_one_time_keys(m_account, count, random.data(), random.size()) == olm_error())
        return lastError();
    return {};
}

PublicKeys LibolmAccount::unpublishedOneTimeKeys()
{
    QByteArray json(static_cast<qsizetype>(olm_account_one_time_keys_length(m_account)), Qt::Uninitialized);
    const std::size_t n = olm_account_one_time_keys(m_account, json.data(), json.size());
    if (n == olm_error())
        return {};
    json.truncate(static_cast<qsizetype>(n));
    return parseCurveKeys(json);
}

CryptoStatus LibolmAccount::generateFallbackKey()
{
    SecretBuffer random(olm_account_generate_fallback_key_random_length(m_account));
    if (!random.fillRandom())
        return CryptoError::NotEnoughRandom;
    if (olm_account_generate_fallback_key(m_account, random.data(), random.size()) == olm_error())
        return lastError();
    return {};
}

PublicKeys LibolmAccount::unpublishedFallbackKey()
{
    QByteArray json(static_cast<qsizetype>(olm_account_unpublished_fallback_key_length(m_account)),
                    Qt::Uninitialized);
    const std::size_t n = olm_account_unpublished_fallback_key(m_account, json.data(), json.size());
    if (n == olm_error())
        return {};
    json.truncate(static_cast<qsizetype>(n));
    return parseCurveKeys(json);
}

void LibolmAccount::forgetOldFallbackKey()
{
    olm_account_forget_old_fallback_key(m_account);
}

std::size_t LibolmAccount::markKeysAsPublished()
{
    return olm_account_mark_keys_as_published(m_account);
}

CryptoResult<std::unique_ptr<OlmSession>> LibolmAccount::createOutboundSession(const QString &theirIdentityKey,
                                                                               const QString &theirOneTimeKey)
{
    auto session = LibolmSession::createOutbound(m_account, theirIdentityKey, theirOneTimeKey);
    if (!session)
        return session.error();
    return std::unique_ptr<OlmSession>(std::move(session).value());
}

CryptoResult<InboundOlmSession> LibolmAccount::createInboundSession(const QString &theirIdentityKey,
                                                                    const OlmMessage &preKeyMessage)
{
    if (preKeyMessage.type != OlmMessageType::PreKey)
        return CryptoError::WrongMessageType;
    // olm_create_inbound_session* only reads the account; nothing changes until the message has decrypted.
    auto created = LibolmSession::createInbound(m_account, theirIdentityKey, preKeyMessage.body);
    if (!created)
        return created.error();
    std::unique_ptr<LibolmSession> session = std::move(created).value();
    auto plaintext = session->decrypt(preKeyMessage);
    if (!plaintext)
        return plaintext.error(); // the half-made session is dropped (and wiped) here, never returned
    // Decrypted: the one-time key is spent. For a fallback key libolm keeps the key and reports success too.
    // A failure here (key already removed by an earlier session from the same key) doesn't affect the session.
    olm_remove_one_time_keys(m_account, session->handle());
    return InboundOlmSession{std::move(session), std::move(plaintext).value()};
}

CryptoResult<QByteArray> LibolmAccount::pickle(const QByteArray &pickleKey)
{
    QByteArray out(static_cast<qsizetype>(olm_pickle_account_length(m_account)), Qt::Uninitialized);
    const std::size_t n = olm_pickle_account(m_account, pickleKey.constData(), pickleKey.size(), out.data(),
                                             out.size());
    if (n == olm_error())
        return lastError();
    out.truncate(static_cast<qsizetype>(n));
    return out;
}

} // namespace estafette
