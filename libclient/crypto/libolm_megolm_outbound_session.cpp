#include "crypto/libolm_megolm_outbound_session.h"

#include "crypto/libolm_error.h"

#include <olm/olm.h>
#include <olm/outbound_group_session.h>

namespace estafette {

LibolmMegolmOutboundSession::LibolmMegolmOutboundSession()
    : m_memory(olm_outbound_group_session_size())
    , m_session(olm_outbound_group_session(m_memory.data()))
{
}

LibolmMegolmOutboundSession::~LibolmMegolmOutboundSession()
{
    olm_clear_outbound_group_session(m_session);
}

CryptoError LibolmMegolmOutboundSession::lastError() const
{
    return cryptoErrorFromOlm(olm_outbound_group_session_last_error_code(m_session));
}

CryptoResult<std::unique_ptr<LibolmMegolmOutboundSession>> LibolmMegolmOutboundSession::create()
{
    std::unique_ptr<LibolmMegolmOutboundSession> s(new LibolmMegolmOutboundSession);
    SecretBuffer random(olm_init_outbound_group_session_random_length(s->m_session));
    if (!random.fillRandom())
        return CryptoError::NotEnoughRandom;
    if (olm_init_outbound_group_session(s->m_session, random.data(), random.size()) == olm_error())
        return s->lastError();
    return s;
}

CryptoResult<std::unique_ptr<LibolmMegolmOutboundSession>>
LibolmMegolmOutboundSession::unpickle(const QByteArray &pickle, const QByteArray &pickleKey)
{
    std::unique_ptr<LibolmMegolmOutboundSession> s(new LibolmMegolmOutboundSession);
    SecretBuffer buffer = SecretBuffer::copyOf(pickle); // overwritten by libolm
    const std::size_t rc = olm_unpickle_outbound_group_session(s->m_session, pickleKey.constData(),
                                                               pickleKey.size(), buffer.data(), buffer.size());
    if (rc == olm_error())
        return s->lastError();
    return s;
}

QString LibolmMegolmOutboundSession::sessionId()
{
    QByteArray id(static_cast<qsizetype>(olm_outbound_group_session_id_length(m_session)), Qt::Uninitialized);
    const std::size_t n = olm_outbound_group_session_id(m_session, reinterpret_cast<std::uint8_t *>(id.data()),
                                                        id.size());
    if (n == olm_error())
        return {};
    return QString::fromLatin1(id.constData(), static_cast<qsizetype>(n));
}

CryptoResult<QByteArray> LibolmMegolmOutboundSession::sessionKey()
{
    SecretBuffer key(olm_outbound_group_session_key_length(m_session));
    const std::size_t n = olm_outbound_group_session_key(m_session, key.data(), key.size());
    if (n == olm_error())
        return lastError();
    return key.toByteArray(n);
}

std::uint32_t LibolmMegolmOutboundSession::messageIndex()
{
    return olm_outbound_group_session_message_index(m_session);
}

CryptoResult<QByteArray> LibolmMegolmOutboundSession::encrypt(const QByteArray &plaintext)
{
    // The length grows with the message index (varint in the message): compute it for every message.
    QByteArray message(static_cast<qsizetype>(olm_group_encrypt_message_length(m_session, plaintext.size())),
                       Qt::Uninitialized);
    const std::size_t n = olm_group_encrypt(m_session, reinterpret_cast<const std::uint8_t *>(plaintext.constData()),
                                            plaintext.size(), reinterpret_cast<std::uint8_t *>(message.data()),
                                            message.size());
    if (n == olm_error())
        return lastError();
    message.truncate(static_cast<qsizetype>(n));
    return message;
}

CryptoResult<QByteArray> LibolmMegolmOutboundSession::pickle(const QByteArray &pickleKey)
{
    QByteArray out(static_cast<qsizetype>(olm_pickle_outbound_group_session_length(m_session)), Qt::Uninitialized);
    const std::size_t n = olm_pickle_outbound_group_session(m_session, pickleKey.constData(), pickleKey.size(),
                                                            out.data(), out.size());
    if (n == olm_error())
        return lastError();
    out.truncate(static_cast<qsizetype>(n));
    return out;
}

} // namespace estafette
