#pragma once

#include "crypto/crypto_backend.h"
#include "crypto/secret_memory.h"

struct OlmOutboundGroupSession; // libolm's C type

namespace estafette {

// MegolmOutboundSession on libolm (olm_outbound_group_session_size() bytes, wiped when destroyed).
class LibolmMegolmOutboundSession final : public MegolmOutboundSession {
public:
    static CryptoResult<std::unique_ptr<LibolmMegolmOutboundSession>> create();
    static CryptoResult<std::unique_ptr<LibolmMegolmOutboundSession>> unpickle(const QByteArray &pickle,
                                                                               const QByteArray &pickleKey);
    ~LibolmMegolmOutboundSession() override;

    QString sessionId() override;
    CryptoResult<QByteArray> sessionKey() override;
    std::uint32_t messageIndex() override;
    CryptoResult<QByteArray> encrypt(const QByteArray &plaintext) override;
    CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) override;

private:
    LibolmMegolmOutboundSession();
    CryptoError lastError() const;

    SecretBuffer m_memory;
    ::OlmOutboundGroupSession *m_session = nullptr;
};

} // namespace estafette
