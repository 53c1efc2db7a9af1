#pragma once

#include "crypto/crypto_backend.h"
#include "crypto/secret_memory.h"

struct OlmAccount; // libolm's C type (global namespace), not estafette::OlmAccount

namespace estafette {

// OlmAccount on libolm. The libolm object lives in a SecretBuffer sized with olm_account_size(), cleared with
// olm_clear_account() and wiped when destroyed.
class LibolmAccount final : public OlmAccount {
public:
    // A new account from the system CSPRNG.
    static CryptoResult<std::unique_ptr<LibolmAccount>> create();
    // A new account from given random bytes (createRandomLength() of them: the ed25519 seed, then the curve25519
    // private key). For known-answer tests only; real accounts use create().
    static CryptoResult<std::unique_ptr<LibolmAccount>> createFromRandom(const QByteArray &random);
    static std::size_t createRandomLength();
    static CryptoResult<std::unique_ptr<LibolmAccount>> unpickle(const QByteArray &pickle,
                                                                 const QByteArray &pickleKey);
    ~LibolmAccount() override;

    IdentityKeys identityKeys() const override;
    CryptoResult<QString> sign(const QByteArray &message) override;
    std::size_t maxNumberOfOneTimeKeys() const override;
    CryptoStatus generateOneTimeKeys(std::size_t count) override;
    PublicKeys unpublishedOneTimeKeys() override;
    CryptoStatus generateFallbackKey() override;
    PublicKeys unpublishedFallbackKey() override;
    void forgetOldFallbackKey() override;
    std::size_t markKeysAsPublished() override;
    CryptoResult<std::unique_ptr<OlmSession>> createOutboundSession(const QString &theirIdentityKey,
                                                                    const QString &theirOneTimeKey) override;
    CryptoResult<InboundOlmSession> createInboundSession(const QString &theirIdentityKey,
                                                         const OlmMessage &preKeyMessage) override;
    CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) override;

private:
    LibolmAccount();
    CryptoError lastError() const;
    CryptoStatus readIdentityKeys();
    CryptoStatus initialise(SecretBuffer &random);

    SecretBuffer m_memory;
    ::OlmAccount *m_account = nullptr;
    IdentityKeys m_identityKeys;
};

} // namespace estafette
