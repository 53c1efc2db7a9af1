#pragma once

#include "crypto/crypto_backend.h"
#include "crypto/secret_memory.h"

struct OlmInboundGroupSession; // libolm's C type

namespace estafette {

// MegolmInboundSession on libolm (olm_inbound_group_session_size() bytes, wiped when destroyed).
class LibolmMegolmInboundSession final : public MegolmInboundSession {
public:
    static CryptoResult<std::unique_ptr<LibolmMegolmInboundSession>> fromSessionKey(const QByteArray &sessionKey);
    static CryptoResult<std::unique_ptr<LibolmMegolmInboundSession>> fromExportedKey(const QByteArray &exportedKey);
    static CryptoResult<std::unique_ptr<LibolmMegolmInboundSession>> unpickle(const QByteArray &pickle,
                                                                              const QByteArray &pickleKey);
    ~LibolmMegolmInboundSession() override;

    QString sessionId() override;
    std::uint32_t firstKnownIndex() const override;
    CryptoResult<MegolmPlaintext> decrypt(const QByteArray &ciphertext) override;
    CryptoResult<QByteArray> exportAt(std::uint32_t messageIndex) override;
    CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) override;

private:
    LibolmMegolmInboundSession();
    CryptoError lastError() const;

    SecretBuffer m_memory;
    ::OlmInboundGroupSession *m_session = nullptr;
};

} // namespace estafette
