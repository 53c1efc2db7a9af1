#include "crypto/libolm_megolm_inbound_session.h"

#include "crypto/libolm_error.h"

#include <olm/inbound_group_session.h>
#include <olm/olm.h>


namespace estafette {


LibolmMegolmInboundSession::LibolmMegolmInboundSession()
    : m_memory(olm_inbound_group_session_size())
    , m_session(olm_inbound_group_session(m_memory.data()))
{
}

LibolmMegolmInboundSession::~LibolmMegolmInboundSession()
{
    olm_clear_inbound_group_session(m_session);
}

CryptoError LibolmMegolmInboundSession::lastError() const
{
    return cryptoErrorFromOlm(olm_inbound_group_session_last_error_code(m_session));
}

CryptoResult<std::unique_ptr<LibolmMegolmInboundSession>>
LibolmMegolmInboundSession::fromSessionKey(const QByteArray &sessionKey)
{
    std::unique_ptr<LibolmMegolmInboundSession> s(new LibolmMegolmInboundSession);
    SecretBuffer key = SecretBuffer::copyOf(sessionKey);
    if (olm_init_inbound_group_session(s->m_session, key.data(), key.size()) == olm_error())
        return s->lastError();
    return s;
}

CryptoResult<std::unique_ptr<LibolmMegolmInboundSession>>
LibolmMegolmInboundSession::fromExportedKey(const QByteArray &exportedKey)
{
    std::unique_ptr<LibolmMegolmInboundSession> s(new LibolmMegolmInboundSession);
    SecretBuffer key = SecretBuffer::copyOf(exportedKey);
    if (olm_import_inbound_group_session(s->m_session, key.data(), key.size()) == olm_error())
        return s->lastError();
    return s;
}

CryptoResult<std::unique_ptr<LibolmMegolmInboundSession>>
LibolmMegolmInboundSession::unpickle(const QByteArray &pickle, const QByteArray &pickleKey)
{
    std::unique_ptr<LibolmMegolmInboundSession> s(new LibolmMegolmInboundSession);
    SecretBuffer buffer = SecretBuffer::copyOf(pickle);
    if (olm_unpickle_inbound_group_session(s->m_session, pickleKey.constData(), pickleKey.size(), buffer.data(),
                                           buffer.size())
        == olm_error())
        return s->lastError();
    return s;
}

QString LibolmMegolmInboundSession::sessionId()
{
    QByteArray id(static_cast<qsizetype>(olm_inbound_group_session_id_length(m_session)), Qt::Uninitialized);
    const std::size_t n = olm_inbound_group_session_id(m_session, reinterpret_cast<std::uint8_t *>(id.data()),
                                                       id.size());
    if (n == olm_error())
        return {};
    return QString::fromLatin1(id.constData(), static_cast<qsizetype>(n));
}

std::uint32_t LibolmMegolmInboundSession::firstKnownIndex() const
{
    return olm_inbound_group_session_first_known_index(m_session);
}

CryptoResult<MegolmPlaintext> LibolmMegolmInboundSession::decrypt(const QByteArray &ciphertext)
{
    SecretBuffer scratch = SecretBuffer::copyOf(ciphertext);
    const std::size_t max = olm_group_decrypt_max_plaintext_length(m_session, scratch.data(), scratch.size());
    if (max == olm_error())
        return lastError();
    scratch = SecretBuffer::copyOf(ciphertext);
    SecretBuffer plaintext(max);
    std::uint32_t index = 0;
    const std::size_t n = olm_group_decrypt(m_session, scratch.data(), scratch.size(), plaintext.data(), max, &index);
    if (n == olm_error())
        return lastError();
    return MegolmPlaintext{plaintext.toByteArray(n), index};
}

CryptoResult<QByteArray> LibolmMegolmInboundSession::exportAt(std::uint32_t messageIndex)
{
    SecretBuffer key(olm_export_inbound_group_session_length(m_session));
    const std::size_t n = olm_export_inbound_group_session(m_session, key.data(), key.size(), messageIndex);
    if (n == olm_error())
        return lastError();
    return key.toByteArray(n);
}

CryptoResult<QByteArray> LibolmMegolmInboundSession::pickle(const QByteArray &pickleKey)
{
    QByteArray out(static_cast<qsizetype>(olm_pickle_inbound_group_session_length(m_session)), Qt::Uninitialized);
    const std::size_t n = olm_pickle_inbound_group_session(m_session, pickleKey.constData(), pickleKey.size(),
                                                           out.data(), out.size());
    if (n == olm_error())
        return lastError();
    out.truncate(static_cast<qsizetype>(n));
    return out;
}

} // namespace estafette
