// Megolm (room messages) on the crypto backend: outbound -> inbound with indices, first known index of exported
// keys, replay detection by index, tampering, growing message length and pickles.
#include "crypto/crypto_backend.h"

#include <QTest>

using namespace estafette;

namespace {
const QByteArray kPickleKey = QByteArrayLiteral("megolm pickle key for tests only");

struct Pair {
    std::unique_ptr<MegolmOutboundSession> outbound;
    std::unique_ptr<MegolmInboundSession> inbound;
};

Pair newPair(CryptoBackend &backend)
{
    Pair p;
    auto out = backend.createMegolmOutboundSession();
    if (!out)
        qFatal("createMegolmOutboundSession: %s", qPrintable(cryptoErrorName(out.error())));
    p.outbound = std::move(out).value();
    auto in = backend.createMegolmInboundSession(p.outbound->sessionKey().value());
    if (!in)
        qFatal("createMegolmInboundSession: %s", qPrintable(cryptoErrorName(in.error())));
    p.inbound = std::move(in).value();
    return p;
}

QByteArray flipByte(const QByteArray &base64, qsizetype fromEnd)
{
    QByteArray raw = QByteArray::fromBase64(base64 + QByteArray((4 - base64.size() % 4) % 4, '='));
    raw[raw.size() - fromEnd] = static_cast<char>(raw[raw.size() - fromEnd] ^ 0x01);
    return raw.toBase64(QByteArray::OmitTrailingEquals);
}
} // namespace

class TestCryptoMegolm : public QObject {
    Q_OBJECT
private slots:
    void outboundToInboundWithIndices()
    {
        auto backend = createCryptoBackend();
        Pair p = newPair(*backend);
        QCOMPARE(p.outbound->messageIndex(), 0u);
        QCOMPARE(p.inbound->firstKnownIndex(), 0u);
        QCOMPARE(p.inbound->sessionId(), p.outbound->sessionId());
        QCOMPARE(p.outbound->sessionId().size(), 43);

        QList<QByteArray> ciphertexts;
        for (int i = 0; i < 5; ++i) {
            const auto c = p.outbound->encrypt(R"({"body":"message )" + QByteArray::number(i) + R"("})");
            QVERIFY(c.ok());
            QVERIFY(!c.value().contains("message"));
            ciphertexts << c.value();
            QCOMPARE(p.outbound->messageIndex(), std::uint32_t(i + 1));
        }
        // Decrypt in reverse order: each message carries its own index.
        for (int i = 4; i >= 0; --i) {
            const auto d = p.inbound->decrypt(ciphertexts[i]);
            QVERIFY2(d.ok(), qPrintable(cryptoErrorName(d.error())));
            QCOMPARE(d->messageIndex, std::uint32_t(i));
            QCOMPARE(d->plaintext, R"({"body":"message )" + QByteArray::number(i) + R"("})");
        }
    }

    void replayReturnsSameIndex()
    {
        // libolm decrypts the same message twice; the index it returns lets the caller see that (session, index)
        // was already used by another event.
        auto backend = createCryptoBackend();
        Pair p = newPair(*backend);
        const QByteArray c0 = p.outbound->encrypt("first").value();
        const QByteArray c1 = p.outbound->encrypt("second").value();
        QCOMPARE(p.inbound->decrypt(c0)->messageIndex, 0u);
        QCOMPARE(p.inbound->decrypt(c1)->messageIndex, 1u);
        const auto again = p.inbound->decrypt(c0);
        QVERIFY(again.ok());
        QCOMPARE(again->messageIndex, 0u);
        QCOMPARE(again->plaintext, QByteArray("first"));
    }

    void sessionKeyShareLaterStartsAtCurrentIndex()
    {
        auto backend = createCryptoBackend();
        auto outbound = std::move(backend->createMegolmOutboundSession()).value();
        const QByteArray early = outbound->encrypt("before you joined").value();
        const QByteArray early2 = outbound->encrypt("before you joined too").value();
        auto inbound = std::move(backend->createMegolmInboundSession(outbound->sessionKey().value())).value();
        QCOMPARE(inbound->firstKnownIndex(), 2u);
        QCOMPARE(inbound->decrypt(early).error(), CryptoError::UnknownMessageIndex);
        QCOMPARE(inbound->decrypt(early2).error(), CryptoError::UnknownMessageIndex);
        const auto now = inbound->decrypt(outbound->encrypt("now").value());
        QVERIFY(now.ok());
        QCOMPARE(now->messageIndex, 2u);
    }

    void exportedKeyAtIndexCannotDecryptEarlier()
    {
        auto backend = createCryptoBackend();
        Pair p = newPair(*backend);
        QList<QByteArray> c;
        for (int i = 0; i < 6; ++i)
            c << p.outbound->encrypt("m" + QByteArray::number(i)).value();

        const auto exported = p.inbound->exportAt(3);
        QVERIFY(exported.ok());
        auto imported = backend->importMegolmInboundSession(exported.value());
        QVERIFY2(imported.ok(), qPrintable(cryptoErrorName(imported.error())));
        auto &session = imported.value();
        QCOMPARE(session->firstKnownIndex(), 3u);
        QCOMPARE(session->sessionId(), p.outbound->sessionId());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(session->decrypt(c[i]).error(), CryptoError::UnknownMessageIndex);
        for (int i = 3; i < 6; ++i) {
            const auto d = session->decrypt(c[i]);
            QVERIFY(d.ok());
            QCOMPARE(d->messageIndex, std::uint32_t(i));
            QCOMPARE(d->plaintext, "m" + QByteArray::number(i));
        }
        // It can be forwarded from its first known index on, not earlier.
        QVERIFY(session->exportAt(4).ok());
        QCOMPARE(session->exportAt(2).error(), CryptoError::UnknownMessageIndex);
        // A session key (signed) is not an exported key and vice versa.
        QVERIFY(!backend->createMegolmInboundSession(exported.value()).ok());
        QVERIFY(!backend->importMegolmInboundSession("not a key").ok());
        QVERIFY(!backend->createMegolmInboundSession("not a key").ok());
    }

    void tamperedCiphertextRejected()
    {
        auto backend = createCryptoBackend();
        Pair p = newPair(*backend);
        Pair other = newPair(*backend);
        const QByteArray c = p.outbound->encrypt("do not touch").value();

        const auto badSignature = p.inbound->decrypt(flipByte(c, 1));
        QVERIFY(!badSignature.ok());
        QCOMPARE(badSignature.error(), CryptoError::BadSignature);
        const auto badBody = p.inbound->decrypt(flipByte(c, 80)); // inside the encrypted body / MAC
        QVERIFY(!badBody.ok());
        QVERIFY(badBody.error() == CryptoError::BadSignature || badBody.error() == CryptoError::BadMessageMac);
        // A message from another session doesn't decrypt with this one.
        QVERIFY(!p.inbound->decrypt(other.outbound->encrypt("other room").value()).ok());
        QVERIFY(!p.inbound->decrypt("AAAA").ok());
        QVERIFY(!p.inbound->decrypt("###").ok());
        // Still fine afterwards.
        QCOMPARE(p.inbound->decrypt(c)->plaintext, QByteArray("do not touch"));
    }

    void messageLengthGrowsWithIndex()
    {
        // The index is a varint in the message: the buffer must be sized for every message, not once.
        auto backend = createCryptoBackend();
        Pair p = newPair(*backend);
        const QByteArray plaintext(200, 'x');
        qsizetype firstLength = 0;
        qsizetype previous = 0;
        for (int i = 0; i < 300; ++i) {
            const auto c = p.outbound->encrypt(plaintext);
            QVERIFY2(c.ok(), qPrintable(QStringLiteral("message %1: %2").arg(i).arg(cryptoErrorName(c.error()))));
            if (i == 0)
                firstLength = c.value().size();
            QVERIFY(c.value().size() >= previous);
            previous = c.value().size();
            const auto d = p.inbound->decrypt(c.value());
            QVERIFY2(d.ok(), qPrintable(QStringLiteral("message %1: %2").arg(i).arg(cryptoErrorName(d.error()))));
            QCOMPARE(d->messageIndex, std::uint32_t(i));
            QCOMPARE(d->plaintext, plaintext);
        }
        QVERIFY(previous > firstLength);
        QCOMPARE(p.outbound->messageIndex(), 300u);
    }

    void outboundPickleRoundTrip()
    {
        auto backend = createCryptoBackend();
        Pair p = newPair(*backend);
        for (int i = 0; i < 3; ++i)
            QVERIFY(p.outbound->encrypt("x").ok());
        const auto pickle = p.outbound->pickle(kPickleKey);
        QVERIFY(pickle.ok());
        auto restored = backend->unpickleMegolmOutboundSession(pickle.value(), kPickleKey);
        QVERIFY(restored.ok());
        QCOMPARE(restored.value()->sessionId(), p.outbound->sessionId());
        QCOMPARE(restored.value()->messageIndex(), 3u);
        QCOMPARE(restored.value()->sessionKey().value(), p.outbound->sessionKey().value());
        const auto d = p.inbound->decrypt(restored.value()->encrypt("after restart").value());
        QVERIFY(d.ok());
        QCOMPARE(d->messageIndex, 3u);
        QCOMPARE(d->plaintext, QByteArray("after restart"));

        QCOMPARE(backend->unpickleMegolmOutboundSession(pickle.value(), "wrong").error(),
                 CryptoError::BadPickleKey);
        QVERIFY(!backend->unpickleMegolmOutboundSession("garbage", kPickleKey).ok());
    }

    void inboundPickleRoundTrip()
    {
        auto backend = createCryptoBackend();
        auto outbound = std::move(backend->createMegolmOutboundSession()).value();
        QVERIFY(outbound->encrypt("skipped").ok());
        auto inbound = std::move(backend->createMegolmInboundSession(outbound->sessionKey().value())).value();
        const auto pickle = inbound->pickle(kPickleKey);
        QVERIFY(pickle.ok());
        QVERIFY(!pickle.value().contains(outbound->sessionKey().value())); // encrypted
        auto restored = backend->unpickleMegolmInboundSession(pickle.value(), kPickleKey);
        QVERIFY(restored.ok());
        QCOMPARE(restored.value()->firstKnownIndex(), 1u);
        QCOMPARE(restored.value()->sessionId(), outbound->sessionId());
        const auto d = restored.value()->decrypt(outbound->encrypt("kept").value());
        QVERIFY(d.ok());
        QCOMPARE(d->messageIndex, 1u);
        QCOMPARE(d->plaintext, QByteArray("kept"));

        const auto wrong = backend->unpickleMegolmInboundSession(pickle.value(), "wrong");
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error(), CryptoError::BadPickleKey);
        QVERIFY(!backend->unpickleMegolmInboundSession(QByteArray(), kPickleKey).ok());
    }
};

QTEST_GUILESS_MAIN(TestCryptoMegolm)
#include "test_crypto_megolm.moc"
