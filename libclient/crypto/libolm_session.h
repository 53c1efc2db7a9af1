#pragma once

#include "crypto/crypto_backend.h"
#include "crypto/secret_memory.h"

struct OlmAccount; // libolm's C types (global namespace), not estafette's interfaces
struct OlmSession;

namespace estafette {

// OlmSession on libolm. The libolm object lives in a SecretBuffer sized with olm_session_size(), cleared with
// olm_clear_session() and wiped when destroyed.
class LibolmSession final : public OlmSession {
public:
    static CryptoResult<std::unique_ptr<LibolmSession>> createOutbound(const ::OlmAccount *account,
                                                                       const QString &theirIdentityKey,
                                                                       const QString &theirOneTimeKey);
    // Only creates the session state from the pre-key message; LibolmAccount::createInboundSession decrypts it
    // before anyone gets the session.
    static CryptoResult<std::unique_ptr<LibolmSession>> createInbound(::OlmAccount *account,
                                                                      const QString &theirIdentityKey,
                                                                      const QByteArray &preKeyBody);
    static CryptoResult<std::unique_ptr<LibolmSession>> unpickle(const QByteArray &pickle,
                                                                 const QByteArray &pickleKey);
    ~LibolmSession() override;

    QString sessionId() override;
    CryptoResult<OlmMessage> encrypt(const QByteArray &plaintext) override;
    CryptoResult<QByteArray> decrypt(const OlmMessage &message) override;
    CryptoResult<bool> matchesInboundSession(const QString &theirIdentityKey, const QByteArray &preKeyBody) override;
    bool hasReceivedMessage() const override;
    CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) override;

    ::OlmSession *handle() { return m_session; }

private:
    LibolmSession();
    CryptoError lastError() const;

    SecretBuffer m_memory;
    ::OlmSession *m_session = nullptr;
};

} // namespace estafette
