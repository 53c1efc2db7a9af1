#include "crypto/libolm_backend.h"

#include "crypto/libolm_account.h"
#include "crypto/libolm_error.h"
#include "crypto/libolm_megolm_inbound_session.h"
#include "crypto/libolm_megolm_outbound_session.h"
#include "crypto/libolm_session.h"
#include "crypto/secret_memory.h"

#include <olm/olm.h>

namespace estafette {

namespace {
// CryptoResult<unique_ptr<Derived>> -> CryptoResult<unique_ptr<Interface>>.
template<typename Interface, typename Derived>
CryptoResult<std::unique_ptr<Interface>> upcast(CryptoResult<std::unique_ptr<Derived>> result)
{
    if (!result)
        return result.error();
    return std::unique_ptr<Interface>(std::move(result).value());
}
} // namespace

std::unique_ptr<CryptoBackend> createCryptoBackend()
{
    return std::make_unique<LibolmBackend>();
}

QString LibolmBackend::name() const
{
    std::uint8_t major = 0, minor = 0, patch = 0;
    olm_get_library_version(&major, &minor, &patch);
    return QStringLiteral("libolm %1.%2.%3").arg(major).arg(minor).arg(patch);
}

CryptoResult<std::unique_ptr<OlmAccount>> LibolmBackend::createAccount()
{
    return upcast<OlmAccount>(LibolmAccount::create());
}

CryptoResult<std::unique_ptr<OlmAccount>> LibolmBackend::unpickleAccount(const QByteArray &pickle,
                                                                         const QByteArray &pickleKey)
{
    return upcast<OlmAccount>(LibolmAccount::unpickle(pickle, pickleKey));
}

CryptoResult<std::unique_ptr<OlmSession>> LibolmBackend::unpickleOlmSession(const QByteArray &pickle,
                                                                            const QByteArray &pickleKey)
{
    return upcast<OlmSession>(LibolmSession::unpickle(pickle, pickleKey));
}

CryptoResult<std::unique_ptr<MegolmOutboundSession>> LibolmBackend::createMegolmOutboundSession()
{
    return upcast<MegolmOutboundSession>(LibolmMegolmOutboundSession::create());
}

CryptoResult<std::unique_ptr<MegolmOutboundSession>>
LibolmBackend::unpickleMegolmOutboundSession(const QByteArray &pickle, const QByteArray &pickleKey)
{
    return upcast<MegolmOutboundSession>(LibolmMegolmOutboundSession::unpickle(pickle, pickleKey));
}

CryptoResult<std::unique_ptr<MegolmInboundSession>>
LibolmBackend::createMegolmInboundSession(const QByteArray &sessionKey)
{
    return upcast<MegolmInboundSession>(LibolmMegolmInboundSession::fromSessionKey(sessionKey));
}

CryptoResult<std::unique_ptr<MegolmInboundSession>>
LibolmBackend::importMegolmInboundSession(const QByteArray &exportedKey)
{
    return upcast<MegolmInboundSession>(LibolmMegolmInboundSession::fromExportedKey(exportedKey));
}

CryptoResult<std::unique_ptr<MegolmInboundSession>>
LibolmBackend::unpickleMegolmInboundSession(const QByteArray &pickle, const QByteArray &pickleKey)
{
    return upcast<MegolmInboundSession>(LibolmMegolmInboundSession::unpickle(pickle, pickleKey));
}

CryptoStatus LibolmBackend::verifyEd25519(const QString &ed25519Key, const QByteArray &message,
                                          const QString &signature)
{
    SecretBuffer memory(olm_utility_size());
    ::OlmUtility *utility = olm_utility(memory.data());
    const QByteArray key = ed25519Key.toLatin1();
    QByteArray sig = signature.toLatin1(); // overwritten by libolm
    const std::size_t rc = olm_ed25519_verify(utility, key.constData(), key.size(), message.constData(),
                                              message.size(), sig.data(), sig.size());
    CryptoStatus status;
    if (rc == olm_error()) {
        const OlmErrorCode code = olm_utility_last_error_code(utility);
        status = code == OLM_BAD_MESSAGE_MAC ? CryptoError::BadSignature : cryptoErrorFromOlm(code);
    }
    olm_clear_utility(utility);
    return status;
}

} // namespace estafette
