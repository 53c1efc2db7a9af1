#include "crypto/libolm_session.h"

#include "crypto/libolm_error.h"

#include <olm/olm.h>

namespace estafette {


LibolmSession::LibolmSession()
    : m_memory(olm_session_size())
    , m_session(olm_session(m_memory.data()))
{
}

LibolmSession::~LibolmSession()
{
    olm_clear_session(m_session);
}

CryptoError LibolmSession::lastError() const
{
    return cryptoErrorFromOlm(olm_session_last_error_code(m_session));
}

CryptoResult<std::unique_ptr<LibolmSession>> LibolmSession::createOutbound(const ::OlmAccount *account,
                                                                           const QString &theirIdentityKey,
                                                                           const QString &theirOneTimeKey)
{
    std::unique_ptr<LibolmSession> s(new LibolmSession);
    SecretBuffer random(olm_create_outbound_session_random_length(s->m_session));
    if (!random.fillRandom())
        return CryptoError::NotEnoughRandom;
    const QByteArray identity = theirIdentityKey.toUtf8();
    const QByteArray oneTime = theirOneTimeKey.toUtf8();
    if (olm_create_outbound_session(s->m_session, account, identity.constData(), identity.size(),
                                    oneTime.constData(), oneTime.size(), random.data(), random.size())
        == olm_error())
        return s->lastError();
    return s;
}

CryptoResult<std::unique_ptr<LibolmSession>> LibolmSession::createInbound(::OlmAccount *account,
                                                                          const QString &theirIdentityKey,
                                                                          const QByteArray &preKeyBody)
{
    std::unique_ptr<LibolmSession> s(new LibolmSession);
    SecretBuffer body = SecretBuffer::copyOf(preKeyBody);
    std::size_t rc;
    if (theirIdentityKey.isEmpty()) {
        rc = olm_create_inbound_session(s->m_session, account, body.data(), body.size());
    } else {
        const QByteArray identity = theirIdentityKey.toUtf8();
        rc = olm_create_inbound_session_from(s->m_session, account, identity.constData(), identity.size(),
                                             body.data(), body.size());
    }
    if (rc == olm_error())
        return s->lastError();
    return s;
}

CryptoResult<std::unique_ptr<LibolmSession>> LibolmSession::unpickle(const QByteArray &pickle,
                                                                     const QByteArray &pickleKey)
{
    std::unique_ptr<LibolmSession> s(new LibolmSession);
    SecretBuffer buffer = SecretBuffer::copyOf(pickle);
    const std::size_t rc = olm_unpickle_session(s->m_session, pickleKey.constData(), pickleKey.size(),
                                                buffer.data(), buffer.size());
    if (rc == olm_error())
        return s->lastError();
    return s;
}

QString LibolmSession::sessionId()
{
    QByteArray id(static_cast<qsizetype>(olm_session_id_length(m_session)), Qt::Uninitialized);
    const std::size_t n = olm_session_id(m_session, id.data(), id.size());
    if (n == olm_error())
        return {};
    return QString::fromLatin1(id.constData(), static_cast<qsizetype>(n));
}

CryptoResult<OlmMessage> LibolmSession::encrypt(const QByteArray &plaintext)
{
    const std::size_t type = olm_encrypt_message_type(m_session);
    if (type == olm_error())
        return lastError();
    SecretBuffer random(olm_encrypt_random_length(m_session));
    if (!random.fillRandom())
        return CryptoError::NotEnoughRandom;
    QByteArray body(static_cast<qsizetype>(olm_encrypt_message_length(m_session, plaintext.size())),
                    Qt::Uninitialized);
    const std::size_t n = olm_encrypt(m_session, plaintext.constData(), plaintext.size(), random.data(),
                                      random.size(), body.data(), body.size());
    if (n == olm_error())
        return lastError();
    body.truncate(static_cast<qsizetype>(n));
    return OlmMessage{type == OLM_MESSAGE_TYPE_PRE_KEY ? OlmMessageType::PreKey : OlmMessageType::Normal, body};
}

CryptoResult<QByteArray> LibolmSession::decrypt(const OlmMessage &message)
{
    const auto type = static_cast<std::size_t>(message.type);
    SecretBuffer scratch = SecretBuffer::copyOf(message.body);
    const std::size_t max = olm_decrypt_max_plaintext_length(m_session, type, scratch.data(), scratch.size());
    if (max == olm_error())
        return lastError();
    scratch = SecretBuffer::copyOf(message.body);
    SecretBuffer plaintext(max);
    const std::size_t n = olm_decrypt(m_session, type, scratch.data(), scratch.size(), plaintext.data(), max);
    if (n == olm_error())
        return lastError();
    return plaintext.toByteArray(n);
}

CryptoResult<bool> LibolmSession::matchesInboundSession(const QString &theirIdentityKey,
                                                        const QByteArray &preKeyBody)
{
    SecretBuffer body = SecretBuffer::copyOf(preKeyBody);
    std::size_t rc;
    if (theirIdentityKey.isEmpty()) {
        rc = olm_matches_inbound_session(m_session, body.data(), body.size());
    } else {
        const QByteArray identity = theirIdentityKey.toUtf8();
        rc = olm_matches_inbound_session_from(m_session, identity.constData(), identity.size(), body.data(),
                                              body.size());
    }
    if (rc == olm_error())
        return lastError();
    return rc == 1;
}

bool LibolmSession::hasReceivedMessage() const
{
    return olm_session_has_received_message(m_session) != 0;
}

CryptoResult<QByteArray> LibolmSession::pickle(const QByteArray &pickleKey)
{
    QByteArray out(static_cast<qsizetype>(olm_pickle_session_length(m_session)), Qt::Uninitialized);
    const std::size_t n = olm_pickle_session(m_session, pickleKey.constData(), pickleKey.size(), out.data(),
                                             out.size());
    if (n == olm_error())
        return lastError();
    out.truncate(static_cast<qsizetype>(n));
    return out;
}

} // namespace estafette
