#pragma once

#include "crypto/crypto_backend.h"

namespace estafette {

// CryptoBackend on libolm 3.2. Stateless: objects it creates are independent of it.
class LibolmBackend final : public CryptoBackend {
public:
    QString name() const override;

    CryptoResult<std::unique_ptr<OlmAccount>> createAccount() override;
    CryptoResult<std::unique_ptr<OlmAccount>> unpickleAccount(const QByteArray &pickle,
                                                              const QByteArray &pickleKey) override;
    CryptoResult<std::unique_ptr<OlmSession>> unpickleOlmSession(const QByteArray &pickle,
                                                                 const QByteArray &pickleKey) override;
    CryptoResult<std::unique_ptr<MegolmOutboundSession>> createMegolmOutboundSession() override;
    CryptoResult<std::unique_ptr<MegolmOutboundSession>>
    unpickleMegolmOutboundSession(const QByteArray &pickle, const QByteArray &pickleKey) override;
    CryptoResult<std::unique_ptr<MegolmInboundSession>>
    createMegolmInboundSession(const QByteArray &sessionKey) override;
    CryptoResult<std::unique_ptr<MegolmInboundSession>>
    importMegolmInboundSession(const QByteArray &exportedKey) override;
    CryptoResult<std::unique_ptr<MegolmInboundSession>>
    unpickleMegolmInboundSession(const QByteArray &pickle, const QByteArray &pickleKey) override;
    CryptoStatus verifyEd25519(const QString &ed25519Key, const QByteArray &message,
                               const QString &signature) override;
};

} // namespace estafette
