// Olm (device-to-device) on the crypto backend: accounts, one-time and fallback keys, sessions both ways, tampering,
// the "no inbound session unless its pre-key message decrypts" rule, and pickles.
#include "crypto/crypto_backend.h"

#include <QTest>

using namespace estafette;

namespace {
const QByteArray kPickleKey = QByteArrayLiteral("0123456789abcdef0123456789abcdef");

// Flips one bit of the decoded message near its end (the MAC), keeping it valid unpadded base64.
QByteArray tamperedBody(const QByteArray &base64)
{
    QByteArray raw = QByteArray::fromBase64(base64 + QByteArray((4 - base64.size() % 4) % 4, '='));
    raw[raw.size() - 2] = static_cast<char>(raw[raw.size() - 2] ^ 0x01);
    return raw.toBase64(QByteArray::OmitTrailingEquals);
}

std::unique_ptr<OlmAccount> newAccount(CryptoBackend &backend)
{
    auto account = backend.createAccount();
    if (!account)
        qFatal("createAccount failed: %s", qPrintable(cryptoErrorName(account.error())));
    return std::move(account).value();
}

// Bob's single unpublished one-time key, as Alice would get it from /keys/claim; marked as published.
QString claimOneTimeKey(OlmAccount &bob)
{
    if (!bob.generateOneTimeKeys(1))
        return {};
    const PublicKeys keys = bob.unpublishedOneTimeKeys();
    bob.markKeysAsPublished();
    return keys.isEmpty() ? QString() : keys.first();
}
} // namespace

class TestCryptoOlm : public QObject {
    Q_OBJECT
private slots:
    void accountHasIdentityKeys()
    {
        auto backend = createCryptoBackend();
        QVERIFY(backend->name().startsWith(QLatin1String("libolm 3.")));
        auto a = newAccount(*backend);
        auto b = newAccount(*backend);
        QCOMPARE(a->identityKeys().curve25519.size(), 43); // 32 bytes, unpadded base64
        QCOMPARE(a->identityKeys().ed25519.size(), 43);
        QVERIFY(a->identityKeys().curve25519 != b->identityKeys().curve25519);
        QVERIFY(a->identityKeys().ed25519 != b->identityKeys().ed25519);
    }

    void signatureVerifiesWithDeviceKey()
    {
        auto backend = createCryptoBackend();
        auto a = newAccount(*backend);
        auto b = newAccount(*backend);
        const auto sig = a->sign("message");
        QVERIFY(sig.ok());
        QVERIFY(backend->verifyEd25519(a->identityKeys().ed25519, "message", sig.value()).ok());
        QCOMPARE(backend->verifyEd25519(a->identityKeys().ed25519, "messagf", sig.value()).error(),
                 CryptoError::BadSignature);
        QCOMPARE(backend->verifyEd25519(b->identityKeys().ed25519, "message", sig.value()).error(),
                 CryptoError::BadSignature);
        QVERIFY(!backend->verifyEd25519(QStringLiteral("short"), "message", sig.value()).ok());
    }

    void oneTimeKeysGeneratedAndPublished()
    {
        auto backend = createCryptoBackend();
        auto a = newAccount(*backend);
        QVERIFY(a->maxNumberOfOneTimeKeys() >= 50);
        QVERIFY(a->unpublishedOneTimeKeys().isEmpty());
        QVERIFY(a->generateOneTimeKeys(5).ok());
        const PublicKeys keys = a->unpublishedOneTimeKeys();
        QCOMPARE(keys.size(), 5);
        for (const QString &key : keys)
            QCOMPARE(key.size(), 43);
        QCOMPARE(a->markKeysAsPublished(), std::size_t(5));
        QVERIFY(a->unpublishedOneTimeKeys().isEmpty());
        QVERIFY(a->generateOneTimeKeys(2).ok());
        const PublicKeys more = a->unpublishedOneTimeKeys();
        QCOMPARE(more.size(), 2);
        for (auto it = more.begin(); it != more.end(); ++it)
            QVERIFY(!keys.contains(it.key())); // new ids
    }

    void fallbackKeyGeneratedPublishedAndReusable()
    {
        auto backend = createCryptoBackend();
        auto alice = newAccount(*backend);
        auto carol = newAccount(*backend);
        auto bob = newAccount(*backend);
        QVERIFY(bob->unpublishedFallbackKey().isEmpty());
        QVERIFY(bob->generateFallbackKey().ok());
        const PublicKeys fallback = bob->unpublishedFallbackKey();
        QCOMPARE(fallback.size(), 1);
        QCOMPARE(bob->markKeysAsPublished(), std::size_t(0)); // counts one-time keys only
        QVERIFY(bob->unpublishedFallbackKey().isEmpty());

        // One-time keys exhausted: two senders both use the fallback key, which isn't consumed.
        for (OlmAccount *sender : {alice.get(), carol.get()}) {
            auto out = sender->createOutboundSession(bob->identityKeys().curve25519, fallback.first());
            QVERIFY(out.ok());
            const auto msg = out.value()->encrypt("via fallback");
            QVERIFY(msg.ok());
            QCOMPARE(msg->type, OlmMessageType::PreKey);
            auto in = bob->createInboundSession(sender->identityKeys().curve25519, msg.value());
            QVERIFY2(in.ok(), qPrintable(cryptoErrorName(in.error())));
            QCOMPARE(in->plaintext, QByteArray("via fallback"));
        }

        // Replaced: the new one is unpublished, the old one still works until forgotten.
        QVERIFY(bob->generateFallbackKey().ok());
        const PublicKeys replacement = bob->unpublishedFallbackKey();
        QCOMPARE(replacement.size(), 1);
        QVERIFY(replacement.first() != fallback.first());
        auto late = alice->createOutboundSession(bob->identityKeys().curve25519, fallback.first());
        QVERIFY(late.ok());
        const auto lateMsg = late.value()->encrypt("old fallback");
        QVERIFY(lateMsg.ok());
        QVERIFY(bob->createInboundSession(alice->identityKeys().curve25519, lateMsg.value()).ok());
        bob->forgetOldFallbackKey();
        QCOMPARE(bob->createInboundSession(alice->identityKeys().curve25519, lateMsg.value()).error(),
                 CryptoError::BadMessageKeyId);
    }

    void roundTripBothWays()
    {
        auto backend = createCryptoBackend();
        auto alice = newAccount(*backend);
        auto bob = newAccount(*backend);
        const QString otk = claimOneTimeKey(*bob);
        QVERIFY(!otk.isEmpty());

        auto outbound = alice->createOutboundSession(bob->identityKeys().curve25519, otk);
        QVERIFY(outbound.ok());
        std::unique_ptr<OlmSession> aliceSession = std::move(outbound).value();
        const auto first = aliceSession->encrypt("hello bob");
        QVERIFY(first.ok());
        QCOMPARE(first->type, OlmMessageType::PreKey);
        QVERIFY(first->body != QByteArray("hello bob"));

        auto inbound = bob->createInboundSession(alice->identityKeys().curve25519, first.value());
        QVERIFY2(inbound.ok(), qPrintable(cryptoErrorName(inbound.error())));
        QCOMPARE(inbound->plaintext, QByteArray("hello bob"));
        std::unique_ptr<OlmSession> bobSession = std::move(inbound->session);
        QCOMPARE(bobSession->sessionId(), aliceSession->sessionId());
        QVERIFY(!bobSession->sessionId().isEmpty());
        QVERIFY(bobSession->hasReceivedMessage());
        QVERIFY(!aliceSession->hasReceivedMessage());

        // The session matches its own pre-key message (sender sent several before a reply)...
        const auto matches = bobSession->matchesInboundSession(alice->identityKeys().curve25519, first->body);
        QVERIFY(matches.ok());
        QVERIFY(matches.value());
        // ...and the one-time key is spent: the same pre-key message can't create a second session.
        QCOMPARE(bob->createInboundSession(alice->identityKeys().curve25519, first.value()).error(),
                 CryptoError::BadMessageKeyId);

        // Alice keeps sending pre-key messages until Bob replies.
        const auto second = aliceSession->encrypt("still there?");
        QVERIFY(second.ok());
        QCOMPARE(second->type, OlmMessageType::PreKey);
        QCOMPARE(bobSession->decrypt(second.value()).value(), QByteArray("still there?"));

        for (int i = 0; i < 5; ++i) {
            const QByteArray fromBob = "bob " + QByteArray::number(i);
            const auto b = bobSession->encrypt(fromBob);
            QVERIFY(b.ok());
            QCOMPARE(b->type, OlmMessageType::Normal);
            const auto bd = aliceSession->decrypt(b.value());
            QVERIFY(bd.ok());
            QCOMPARE(bd.value(), fromBob);

            const QByteArray fromAlice = "alice " + QByteArray::number(i);
            const auto a = aliceSession->encrypt(fromAlice);
            QVERIFY(a.ok());
            QCOMPARE(a->type, OlmMessageType::Normal); // Alice has received a reply
            QCOMPARE(bobSession->decrypt(a.value()).value(), fromAlice);
        }

        // Several messages in a row, decrypted out of order.
        const auto m1 = aliceSession->encrypt("one");
        const auto m2 = aliceSession->encrypt("two");
        QVERIFY(m1.ok() && m2.ok());
        QCOMPARE(bobSession->decrypt(m2.value()).value(), QByteArray("two"));
        QCOMPARE(bobSession->decrypt(m1.value()).value(), QByteArray("one"));
    }

    void tamperedMessageRejectedAndSessionIntact()
    {
        auto backend = createCryptoBackend();
        auto alice = newAccount(*backend);
        auto bob = newAccount(*backend);
        auto aliceSession = std::move(alice->createOutboundSession(bob->identityKeys().curve25519,
                                                                  claimOneTimeKey(*bob)))
                                .value();
        const auto pre = aliceSession->encrypt("hi");
        auto inbound = bob->createInboundSession(alice->identityKeys().curve25519, pre.value());
        QVERIFY(inbound.ok());
        auto bobSession = std::move(inbound->session);

        const auto msg = bobSession->encrypt("secret reply");
        QVERIFY(msg.ok());
        const OlmMessage tampered{msg->type, tamperedBody(msg->body)};
        const auto bad = aliceSession->decrypt(tampered);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error(), CryptoError::BadMessageMac);
        // Garbage and a wrong type are rejected too.
        QVERIFY(!aliceSession->decrypt(OlmMessage{OlmMessageType::Normal, "not base64 !!"}).ok());
        QVERIFY(!aliceSession->decrypt(OlmMessage{OlmMessageType::Normal, "AAAA"}).ok());
        // The failed attempts changed nothing: the genuine message still decrypts.
        QCOMPARE(aliceSession->decrypt(msg.value()).value(), QByteArray("secret reply"));
    }

    void inboundSessionOnlyWhenPreKeyMessageDecrypts()
    {
        auto backend = createCryptoBackend();
        auto alice = newAccount(*backend);
        auto bob = newAccount(*backend);
        auto mallory = newAccount(*backend);
        auto aliceSession = std::move(alice->createOutboundSession(bob->identityKeys().curve25519,
                                                                  claimOneTimeKey(*bob)))
                                .value();
        const auto pre = aliceSession->encrypt("first contact");
        QVERIFY(pre.ok());
        const QByteArray bobBefore = bob->pickle(kPickleKey).value();

        // Tampered pre-key message: no session, and the one-time key is not spent.
        const auto tampered = bob->createInboundSession(alice->identityKeys().curve25519,
                                                        OlmMessage{OlmMessageType::PreKey, tamperedBody(pre->body)});
        QVERIFY(!tampered.ok());
        QCOMPARE(tampered.error(), CryptoError::BadMessageMac);
        // Claimed sender key doesn't match the one in the message: refused.
        QVERIFY(!bob->createInboundSession(mallory->identityKeys().curve25519, pre.value()).ok());
        // A normal message can't create a session.
        QCOMPARE(bob->createInboundSession(alice->identityKeys().curve25519,
                                           OlmMessage{OlmMessageType::Normal, pre->body})
                     .error(),
                 CryptoError::WrongMessageType);
        QCOMPARE(bob->pickle(kPickleKey).value(), bobBefore); // account unchanged (pickles are deterministic)

        // The genuine message still creates the session (the key was kept).
        auto inbound = bob->createInboundSession(alice->identityKeys().curve25519, pre.value());
        QVERIFY2(inbound.ok(), qPrintable(cryptoErrorName(inbound.error())));
        QCOMPARE(inbound->plaintext, QByteArray("first contact"));
    }

    void accountPickleRoundTrip()
    {
        auto backend = createCryptoBackend();
        auto bob = newAccount(*backend);
        QVERIFY(bob->generateOneTimeKeys(3).ok());
        const PublicKeys keys = bob->unpublishedOneTimeKeys();
        const auto pickle = bob->pickle(kPickleKey);
        QVERIFY(pickle.ok());
        QVERIFY(!pickle.value().contains(bob->identityKeys().curve25519.toLatin1())); // encrypted

        auto restored = backend->unpickleAccount(pickle.value(), kPickleKey);
        QVERIFY(restored.ok());
        QCOMPARE(restored.value()->identityKeys().curve25519, bob->identityKeys().curve25519);
        QCOMPARE(restored.value()->identityKeys().ed25519, bob->identityKeys().ed25519);
        QCOMPARE(restored.value()->unpublishedOneTimeKeys(), keys);

        // The restored account accepts a session to one of its keys and signs as before.
        auto alice = newAccount(*backend);
        auto out = alice->createOutboundSession(bob->identityKeys().curve25519, keys.first());
        const auto msg = out.value()->encrypt("after restart");
        auto in = restored.value()->createInboundSession(alice->identityKeys().curve25519, msg.value());
        QVERIFY(in.ok());
        QCOMPARE(in->plaintext, QByteArray("after restart"));
        QCOMPARE(restored.value()->sign("x").value(), bob->sign("x").value());

        const auto wrong = backend->unpickleAccount(pickle.value(), QByteArrayLiteral("not the key"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error(), CryptoError::BadPickleKey);
        QVERIFY(!backend->unpickleAccount("garbage!", kPickleKey).ok());
        QVERIFY(!backend->unpickleAccount(QByteArray(), kPickleKey).ok());
    }

    void sessionPickleRoundTrip()
    {
        auto backend = createCryptoBackend();
        auto alice = newAccount(*backend);
        auto bob = newAccount(*backend);
        auto aliceSession = std::move(alice->createOutboundSession(bob->identityKeys().curve25519,
                                                                  claimOneTimeKey(*bob)))
                                .value();
        auto inbound = bob->createInboundSession(alice->identityKeys().curve25519,
                                                 aliceSession->encrypt("one").value());
        QVERIFY(inbound.ok());
        auto bobSession = std::move(inbound->session);

        // Bob persists the session (only now that the pre-key message decrypted) and restarts.
        const auto pickle = bobSession->pickle(kPickleKey);
        QVERIFY(pickle.ok());
        const QString id = bobSession->sessionId();
        bobSession.reset();
        auto restored = backend->unpickleOlmSession(pickle.value(), kPickleKey);
        QVERIFY(restored.ok());
        bobSession = std::move(restored).value();
        QCOMPARE(bobSession->sessionId(), id);
        QVERIFY(bobSession->hasReceivedMessage());

        QCOMPARE(bobSession->decrypt(aliceSession->encrypt("two").value()).value(), QByteArray("two"));
        const auto reply = bobSession->encrypt("three");
        QCOMPARE(reply->type, OlmMessageType::Normal);
        QCOMPARE(aliceSession->decrypt(reply.value()).value(), QByteArray("three"));

        // Outbound side too.
        auto aliceRestored = backend->unpickleOlmSession(aliceSession->pickle(kPickleKey).value(), kPickleKey);
        QVERIFY(aliceRestored.ok());
        QCOMPARE(bobSession->decrypt(aliceRestored.value()->encrypt("four").value()).value(), QByteArray("four"));

        QCOMPARE(backend->unpickleOlmSession(pickle.value(), "wrong key").error(), CryptoError::BadPickleKey);
        QVERIFY(!backend->unpickleOlmSession("%%%", kPickleKey).ok());
    }
};

QTEST_GUILESS_MAIN(TestCryptoOlm)
#include "test_crypto_olm.moc"
