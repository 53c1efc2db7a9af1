#include "media/attachment_cipher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using estafette::AttachmentDecryptor;
using estafette::AttachmentEncryptor;
using estafette::AttachmentError;
using estafette::AttachmentHashVerifier;
using estafette::EncryptedFileInfo;

Q_DECLARE_METATYPE(AttachmentError::Kind)

namespace {

// ---- Known answers, produced outside Estafette ------------------------------------------------------------------
//
// KAT_KEY = SHA-256("estafette kat key 0") (Python hashlib); chosen because its base64url form has both '-' and '_'.
// KAT_IV  = first 8 bytes of SHA-256("estafette kat iv 2") followed by a zero 64-bit counter; its base64 has '/'
//           and '+'.
const QByteArray KatKey = QByteArray::fromHex("88fd3b942d8793755ccf10a905ce4c06cc221e6fcd5a3623200f3e9c04b00edb");
const QByteArray KatIv = QByteArray::fromHex("ac4668ffe9ad5f3f0000000000000000");
const QByteArray KatKeyBase64Url = "iP07lC2Hk3VczxCpBc5MBswiHm_NWjYjIA8-nASwDts";
const QByteArray KatKeyBase64 = "iP07lC2Hk3VczxCpBc5MBswiHm/NWjYjIA8+nASwDts";
const QByteArray KatIvBase64 = "rEZo/+mtXz8AAAAAAAAAAA";

// 45 bytes: two full blocks and a partial third, so counters 0, 1 and 2 are used.
const QByteArray KatPlaintext = "Estafette attachment known-answer test, 45 B.";
// P='Estafette attachment known-answer test, 45 B.'
// printf '%s' "$P" | openssl enc -aes-256-ctr -K 88fd3b94...04b00edb -iv ac4668ffe9ad5f3f0000000000000000 | xxd -p
// (OpenSSL 3.0 command line; cross-checked with Python cryptography 48.0 modes.CTR.)
const QByteArray KatCiphertext = QByteArray::fromHex(
    "bd0bf1e300a23fe1172a3d7e300569e233032228663cb8747a19d4f6508f138fd83d7bcbf4843d89e12e903e8e");
// ... | openssl dgst -sha256 -binary | openssl base64 -A   (then the trailing '=' removed)
const QByteArray KatSha256Base64 = "Se6KdQgXhbAh/ReKIdSvA3N1Eh130XtETzK+kLUlovg";

// 1 MiB + 1 zero bytes, same key and IV:
// head -c 1048577 /dev/zero | openssl enc -aes-256-ctr -K <KatKey> -iv <KatIv>
//   | openssl dgst -sha256 -binary | openssl base64 -A
const QByteArray KatLargeSha256Base64 = "DQgutJxKZ6Y2ERNnCoswFlRvOJQq8ADPVxRp29ATRqQ=";
// ... | tail -c 17 | xxd -p
const QByteArray KatLargeTail = QByteArray::fromHex("f3468a23ae223985136372c61805bf9818");

// Counter wrap: IV = ac4668ffe9ad5f3f ffffffffffffffff, plaintext bytes 0x40..0x67 (40 bytes). The spec's counter is
// the low 64 bits, so the counter blocks are prefix||ffffffffffffffff, prefix||0000000000000000, prefix||...01.
// Produced with Python cryptography 48.0: keystream = AES-256-ECB(KatKey) of those three counter blocks, XORed
// with the plaintext.
const QByteArray WrapIv = QByteArray::fromHex("ac4668ffe9ad5f3fffffffffffffffff");
const QByteArray WrapCiphertext =
    QByteArray::fromHex("2ca7ba1b7fb4638bf1871823507f5079a829d7d132921dc22a530651183954d53e072e3f2232b07c");
// What a 128-bit counter (carry into the prefix, e.g. `openssl enc -aes-256-ctr` with that IV) would produce
// instead: identical first block, different afterwards.
const QByteArray WrapCiphertextWith128BitCarry =
    QByteArray::fromHex("2ca7ba1b7fb4638bf1871823507f5079e891cba45aa51c60265a018f098f052b2c1f2bc1ee84b483");

// NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt (the standard's own vector; also reproduced with
// `openssl enc -aes-256-ctr -K 603deb10...0914dff4 -iv f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff`).
const QByteArray NistKey = QByteArray::fromHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
const QByteArray NistIv = QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
const QByteArray NistPlaintext = QByteArray::fromHex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
const QByteArray NistCiphertext = QByteArray::fromHex(
    "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
    "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");

// At most n bytes of bytes from pos (fewer at the end).
QByteArrayView slice(const QByteArray &bytes, qsizetype pos, qsizetype n)
{
    return QByteArrayView(bytes.constData() + pos, std::min(n, bytes.size() - pos));
}

QByteArray unpadded(QByteArray b64)
{
    while (b64.endsWith('='))
        b64.chop(1);
    return b64;
}

// Encrypts in chunks of `chunk` bytes (the last one shorter) with a fixed key/IV.
QByteArray encryptChunked(const QByteArray &key, const QByteArray &iv, const QByteArray &plaintext, qsizetype chunk,
                          EncryptedFileInfo *info = nullptr)
{
    AttachmentEncryptor enc;
    if (!enc.init(key, iv).ok())
        return "init failed";
    QByteArray out;
    for (qsizetype pos = 0; pos < plaintext.size(); pos += chunk) {
        const auto part = enc.update(slice(plaintext, pos, chunk));
        if (!part.ok())
            return "update failed";
        out += part.value;
    }
    auto fin = enc.finish();
    if (!fin.ok())
        return "finish failed";
    if (info)
        *info = fin.value;
    return out;
}

EncryptedFileInfo katInfo()
{
    EncryptedFileInfo info;
    info.url = QStringLiteral("mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe");
    info.key = KatKey;
    info.iv = KatIv;
    info.sha256 = QByteArray::fromBase64(KatSha256Base64);
    return info;
}

QJsonObject katJson() { return katInfo().toJson(); }

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    auto *gen = QRandomGenerator::global();
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(gen->bounded(256));
    return bytes;
}

} // namespace

class TestAttachmentCipher : public QObject {
    Q_OBJECT
private slots:
    // ---- known answers ----

    void nistSp80038aVector()
    {
        for (qsizetype chunk : {1, 5, 16, 17, 64}) {
            QCOMPARE(encryptChunked(NistKey, NistIv, NistPlaintext, chunk).toHex(), NistCiphertext.toHex());
        }
    }

    void knownAnswerCiphertextAndHash()
    {
        // Every chunking of the same stream gives the same bytes, including splits inside a block.
        for (qsizetype chunk = 1; chunk <= KatPlaintext.size(); ++chunk) {
            EncryptedFileInfo info;
            QCOMPARE(encryptChunked(KatKey, KatIv, KatPlaintext, chunk, &info).toHex(), KatCiphertext.toHex());
            QCOMPARE(info.key, KatKey);
            QCOMPARE(info.iv, KatIv);
            QCOMPARE(unpadded(info.sha256.toBase64()), KatSha256Base64);
        }
        const auto plain = estafette::decryptAttachment(KatCiphertext, katInfo());
        QVERIFY2(plain.ok(), AttachmentError::kindName(plain.error.kind));
        QCOMPARE(plain.value, KatPlaintext);
    }

    void knownAnswerLargeStreamInOddChunks()
    {
        const QByteArray zeros(1048577, '\0');
        AttachmentEncryptor enc;
        QVERIFY(enc.init(KatKey, KatIv).ok());
        QByteArray ciphertext;
        const qsizetype chunks[] = {1, 15, 4099, 65537, 7, 131071, 33};
        qsizetype pos = 0;
        for (int i = 0; pos < zeros.size(); ++i) {
            const qsizetype n = std::min(chunks[i % 7], zeros.size() - pos);
            const auto part = enc.update(slice(zeros, pos, n));
            QVERIFY(part.ok());
            QCOMPARE(part.value.size(), n);
            ciphertext += part.value;
            pos += n;
        }
        const auto fin = enc.finish();
        QVERIFY(fin.ok());
        QCOMPARE(ciphertext.size(), zeros.size());
        QCOMPARE(fin.value.sha256.toBase64(), KatLargeSha256Base64);
        QCOMPARE(ciphertext.right(17).toHex(), KatLargeTail.toHex());
        // The first bytes equal the 45-byte vector's keystream (plaintext XOR ciphertext).
        for (int i = 0; i < KatPlaintext.size(); ++i)
            QCOMPARE(char(ciphertext[i]), char(KatPlaintext[i] ^ KatCiphertext[i]));
    }

    // ---- counter ----

    void freshIvHasZeroCounterAndRandomPrefix()
    {
        const auto a = estafette::encryptAttachment("x");
        const auto b = estafette::encryptAttachment("x");
        QVERIFY(a.ok() && b.ok());
        for (const auto *r : {&a, &b}) {
            QCOMPARE(r->value.info.iv.size(), 16);
            QCOMPARE(r->value.info.iv.mid(8), QByteArray(8, '\0'));   // counter starts at 0
            QVERIFY(r->value.info.iv.left(8) != QByteArray(8, '\0')); // random prefix (fails with p = 2^-64)
            QCOMPARE(r->value.info.key.size(), 32);
            QCOMPARE(r->value.info.version, QStringLiteral("v2"));
            QVERIFY(r->value.info.url.isEmpty());
        }
        QVERIFY(a.value.info.key != b.value.info.key);
        QVERIFY(a.value.info.iv != b.value.info.iv);
    }

    void blockBoundaryUsesNextCounter()
    {
        // Block 1 of a stream started at counter 0 is the keystream of counter 1: encrypting from an IV whose
        // counter is 1 gives the same bytes as the second block of the counter-0 stream.
        QByteArray ivAt1 = KatIv;
        ivAt1[15] = 1;
        const QByteArray zeros(48, '\0');
        const QByteArray from0 = encryptChunked(KatKey, KatIv, zeros, 48);
        const QByteArray from1 = encryptChunked(KatKey, ivAt1, zeros, 48);
        QCOMPARE(from1.left(32).toHex(), from0.mid(16, 32).toHex());
        QVERIFY(from0.left(16) != from0.mid(16, 16));
    }

    void counterWrapsWithinLow64Bits()
    {
        QByteArray plaintext;
        for (char c = 0x40; c < 0x68; ++c)
            plaintext += c;
        for (qsizetype chunk = 1; chunk <= plaintext.size(); ++chunk)
            QCOMPARE(encryptChunked(KatKey, WrapIv, plaintext, chunk).toHex(), WrapCiphertext.toHex());
        QVERIFY(WrapCiphertext.mid(16) != WrapCiphertextWith128BitCarry.mid(16)); // the two readings really differ

        // Decryption follows the same rule.
        EncryptedFileInfo info;
        encryptChunked(KatKey, WrapIv, plaintext, 40, &info);
        info.url = QStringLiteral("mxc://x/y");
        const auto plain = estafette::decryptAttachment(WrapCiphertext, info);
        QVERIFY(plain.ok());
        QCOMPARE(plain.value, plaintext);

        // Wrap one block later (counter ...fe): the stream is the same keystream shifted by one block.
        QByteArray ivFe = WrapIv;
        ivFe[15] = char(0xfe);
        const QByteArray zeros(64, '\0');
        const QByteArray fromFe = encryptChunked(KatKey, ivFe, zeros, 64);
        const QByteArray fromFf = encryptChunked(KatKey, WrapIv, zeros, 64);
        QCOMPARE(fromFe.mid(16).toHex(), fromFf.left(48).toHex());
        // And after the wrap the keystream is the counter-0 stream of the same prefix.
        QCOMPARE(fromFf.mid(16, 48).toHex(), encryptChunked(KatKey, KatIv, QByteArray(48, '\0'), 7).toHex());
    }

    // ---- round trips ----

    void roundTrip_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("chunk");
        QTest::newRow("empty") << 0 << 7;
        QTest::newRow("1 byte") << 1 << 1;
        QTest::newRow("15") << 15 << 4;
        QTest::newRow("16") << 16 << 16;
        QTest::newRow("17") << 17 << 3;
        QTest::newRow("1000") << 1000 << 33;
        QTest::newRow("1 MiB + 3, 7919-byte chunks") << (1 << 20) + 3 << 7919;
        QTest::newRow("3 MiB - 5, 65537-byte chunks") << 3 * (1 << 20) - 5 << 65537;
    }

    void roundTrip()
    {
        QFETCH(int, size);
        QFETCH(int, chunk);
        const QByteArray plaintext = randomBytes(size);

        AttachmentEncryptor enc;
        QVERIFY(enc.init().ok());
        QByteArray ciphertext;
        for (qsizetype pos = 0; pos < size; pos += chunk) {
            const auto part = enc.update(slice(plaintext, pos, chunk));
            QVERIFY(part.ok());
            ciphertext += part.value;
        }
        auto fin = enc.finish();
        QVERIFY(fin.ok());
        EncryptedFileInfo info = fin.value;
        info.url = QStringLiteral("mxc://example.org/abc");
        QCOMPARE(ciphertext.size(), plaintext.size());
        if (size >= 16)
            QVERIFY(ciphertext != plaintext);

        // Through JSON, as a recipient would get it.
        const QByteArray json = QJsonDocument(info.toJson()).toJson(QJsonDocument::Compact);
        const auto parsed = EncryptedFileInfo::fromJson(json);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error.detail));
        QCOMPARE(parsed.value.key, info.key);
        QCOMPARE(parsed.value.iv, info.iv);
        QCOMPARE(parsed.value.sha256, info.sha256);
        QCOMPARE(parsed.value.url, info.url);

        // Verify first, then stream-decrypt in different chunks.
        AttachmentHashVerifier verifier;
        QVERIFY(verifier.init(parsed.value).ok());
        for (qsizetype pos = 0; pos < size; pos += chunk + 1)
            QVERIFY(verifier.update(slice(ciphertext, pos, chunk + 1)).ok());
        QVERIFY(verifier.finish().ok());

        AttachmentDecryptor dec;
        QVERIFY(dec.init(parsed.value).ok());
        QByteArray decrypted;
        const int dchunk = chunk * 2 + 1;
        for (qsizetype pos = 0; pos < size; pos += dchunk) {
            const auto part = dec.update(slice(ciphertext, pos, dchunk));
            QVERIFY(part.ok());
            decrypted += part.value;
        }
        QVERIFY(dec.finish().ok());
        QVERIFY(decrypted == plaintext);

        // One-shot both ways.
        const auto oneShot = estafette::decryptAttachment(ciphertext, parsed.value);
        QVERIFY(oneShot.ok());
        QVERIFY(oneShot.value == plaintext);
        const auto enc2 = estafette::encryptAttachment(plaintext);
        QVERIFY(enc2.ok());
        QCOMPARE(enc2.value.ciphertext.size(), plaintext.size());
        const auto back = estafette::decryptAttachment(enc2.value.ciphertext, enc2.value.info);
        QVERIFY(back.ok());
        QVERIFY(back.value == plaintext);
    }

    // ---- integrity ----

    void tamperedCiphertextIsRejected()
    {
        const EncryptedFileInfo info = katInfo();
        for (int i : {0, 16, 44}) {
            QByteArray tampered = KatCiphertext;
            tampered[i] = char(tampered[i] ^ 0x01);
            const auto r = estafette::decryptAttachment(tampered, info);
            QCOMPARE(r.error.kind, AttachmentError::Kind::HashMismatch);
            QVERIFY(r.value.isEmpty()); // no plaintext at all

            AttachmentDecryptor dec;
            QVERIFY(dec.init(info).ok());
            QVERIFY(dec.update(tampered).ok());
            QCOMPARE(dec.finish().kind, AttachmentError::Kind::HashMismatch);

            AttachmentHashVerifier verifier;
            QVERIFY(verifier.init(info).ok());
            QVERIFY(verifier.update(tampered).ok());
            QCOMPARE(verifier.finish().kind, AttachmentError::Kind::HashMismatch);
        }
        // Truncated, extended and empty ciphertexts.
        QCOMPARE(estafette::decryptAttachment(KatCiphertext.chopped(1), info).error.kind,
                 AttachmentError::Kind::HashMismatch);
        QCOMPARE(estafette::decryptAttachment(KatCiphertext + 'x', info).error.kind,
                 AttachmentError::Kind::HashMismatch);
        QCOMPARE(estafette::decryptAttachment(QByteArray(), info).error.kind, AttachmentError::Kind::HashMismatch);
        // The right ciphertext with a different announced hash.
        EncryptedFileInfo wrongHash = info;
        wrongHash.sha256[0] = char(wrongHash.sha256[0] ^ 0x80);
        const auto r = estafette::decryptAttachment(KatCiphertext, wrongHash);
        QCOMPARE(r.error.kind, AttachmentError::Kind::HashMismatch);
        QVERIFY(r.value.isEmpty());
    }

    void invalidInfoRejectedBeforeDecrypting()
    {
        EncryptedFileInfo v1 = katInfo();
        v1.version = QStringLiteral("v1");
        QCOMPARE(estafette::decryptAttachment(KatCiphertext, v1).error.kind,
                 AttachmentError::Kind::UnsupportedVersion);
        EncryptedFileInfo shortKey = katInfo();
        shortKey.key.chop(1);
        QCOMPARE(estafette::decryptAttachment(KatCiphertext, shortKey).error.kind, AttachmentError::Kind::InvalidKey);
        AttachmentDecryptor dec;
        QCOMPARE(dec.init(shortKey).kind, AttachmentError::Kind::InvalidKey);
        QCOMPARE(dec.update("abc").error.kind, AttachmentError::Kind::InvalidState);
        EncryptedFileInfo shortIv = katInfo();
        shortIv.iv.chop(8);
        QCOMPARE(estafette::decryptAttachment(KatCiphertext, shortIv).error.kind, AttachmentError::Kind::InvalidIv);
        EncryptedFileInfo noHash = katInfo();
        noHash.sha256.clear();
        QCOMPARE(estafette::decryptAttachment(KatCiphertext, noHash).error.kind, AttachmentError::Kind::MissingHash);
    }

    void misuseIsAnErrorNotACrash()
    {
        AttachmentEncryptor enc;
        QCOMPARE(enc.update("abc").error.kind, AttachmentError::Kind::InvalidState);
        QCOMPARE(enc.finish().error.kind, AttachmentError::Kind::InvalidState);
        QCOMPARE(enc.init(KatKey.left(16), KatIv).kind, AttachmentError::Kind::InvalidKey);
        QCOMPARE(enc.init(KatKey, KatIv.left(8)).kind, AttachmentError::Kind::InvalidIv);
        QVERIFY(enc.init(KatKey, KatIv).ok());
        QVERIFY(enc.finish().ok());
        QCOMPARE(enc.update("abc").error.kind, AttachmentError::Kind::InvalidState); // finished
        QCOMPARE(enc.finish().error.kind, AttachmentError::Kind::InvalidState);

        AttachmentEncryptor moved = std::move(enc);
        QCOMPARE(enc.update("abc").error.kind, AttachmentError::Kind::InvalidState); // NOLINT: moved-from is usable
        QVERIFY(enc.init(KatKey, KatIv).ok());

        AttachmentDecryptor dec;
        QCOMPARE(dec.finish().kind, AttachmentError::Kind::InvalidState);
        AttachmentHashVerifier verifier;
        QCOMPARE(verifier.update("abc").kind, AttachmentError::Kind::InvalidState);
    }

    // ---- JSON ----

    void jsonShapeIsExactlyTheSpecs()
    {
        const QJsonObject json = katJson();
        // Built by hand from the spec's EncryptedFile/JWK tables with the base64 strings computed by Python
        // (base64.urlsafe_b64encode / b64encode, '=' stripped).
        const QByteArray expected = R"({"v":"v2","key":{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A256CTR",)"
                                    R"("k":"iP07lC2Hk3VczxCpBc5MBswiHm_NWjYjIA8-nASwDts","ext":true},)"
                                    R"("iv":"rEZo/+mtXz8AAAAAAAAAAA",)"
                                    R"("hashes":{"sha256":"Se6KdQgXhbAh/ReKIdSvA3N1Eh130XtETzK+kLUlovg"},)"
                                    R"("url":"mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe"})";
        QCOMPARE(json, QJsonDocument::fromJson(expected).object());

        QCOMPARE(json.keys(), (QStringList{"hashes", "iv", "key", "url", "v"}));
        const QJsonObject key = json.value("key").toObject();
        QCOMPARE(key.keys(), (QStringList{"alg", "ext", "k", "key_ops", "kty"}));
        QVERIFY(key.value("ext").isBool() && key.value("ext").toBool());
        QCOMPARE(key.value("key_ops").toArray(), (QJsonArray{"encrypt", "decrypt"}));
        QCOMPARE(json.value("hashes").toObject().keys(), QStringList{"sha256"});
        QCOMPARE(key.value("k").toString().toLatin1(), KatKeyBase64Url); // URL alphabet, no '='
        QCOMPARE(json.value("iv").toString().toLatin1(), KatIvBase64);   // standard alphabet, no '='
        QCOMPARE(json.value("hashes").toObject().value("sha256").toString().toLatin1(), KatSha256Base64);
        QVERIFY(!QJsonDocument(json).toJson().contains('='));
    }

    void parsesTheSpecExampleAndPaddedBase64()
    {
        // The `file` object of the spec's m.image example (content/client-server-api/modules/end_to_end_encryption.md).
        // (one raw string per line: moc does not cope with multi-line raw strings)
        const QByteArray specExample = R"({"url": "mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe", "v": "v2",)"
                                       R"("key": {"alg": "A256CTR", "ext": true,)"
                                       R"("k": "aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0",)"
                                       R"("key_ops": ["encrypt","decrypt"], "kty": "oct"},)"
                                       R"("iv": "w+sE15fzSc0AAAAAAAAAAA",)"
                                       R"("hashes": {"sha256": "fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA"}})";
        const auto spec = EncryptedFileInfo::fromJson(specExample);
        QVERIFY2(spec.ok(), qPrintable(spec.error.detail));
        QCOMPARE(spec.value.key.size(), 32);
        QCOMPARE(spec.value.iv.toHex(), QByteArray("c3eb04d797f349cd0000000000000000"));
        QCOMPARE(spec.value.url, QStringLiteral("mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe"));
        QCOMPARE(spec.value.toJson(), QJsonDocument::fromJson(specExample).object()); // round trips exactly

        // Padded forms, and the standard alphabet for k, are accepted too.
        QJsonObject padded = katJson();
        QJsonObject key = padded.value("key").toObject();
        key.insert("k", QString::fromLatin1(KatKeyBase64Url + "="));
        padded.insert("key", key);
        padded.insert("iv", QString::fromLatin1(KatIvBase64 + "=="));
        padded.insert("hashes", QJsonObject{{"sha256", QString::fromLatin1(KatSha256Base64 + "=")}});
        auto r = EncryptedFileInfo::fromJson(padded);
        QVERIFY2(r.ok(), qPrintable(r.error.detail));
        QCOMPARE(r.value.key, KatKey);
        QCOMPARE(r.value.iv, KatIv);
        QCOMPARE(r.value.sha256, QByteArray::fromBase64(KatSha256Base64));
        key.insert("k", QString::fromLatin1(KatKeyBase64));
        padded.insert("key", key);
        r = EncryptedFileInfo::fromJson(padded);
        QVERIFY(r.ok());
        QCOMPARE(r.value.key, KatKey);
        // ... and decrypt the KAT.
        const auto plain = estafette::decryptAttachment(KatCiphertext, r.value);
        QVERIFY(plain.ok());
        QCOMPARE(plain.value, KatPlaintext);
    }

    void rejectsInvalidInfo_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<AttachmentError::Kind>("kind");
        using K = AttachmentError::Kind;
        const QByteArray good = QJsonDocument(katJson()).toJson(QJsonDocument::Compact);
        auto with = [](const char *path, const QJsonValue &value) {
            QJsonObject o = katJson();
            const QString p = QString::fromLatin1(path);
            if (p.startsWith("key.")) {
                QJsonObject k = o.value("key").toObject();
                if (value.isUndefined())
                    k.remove(p.mid(4));
                else
                    k.insert(p.mid(4), value);
                o.insert("key", k);
            } else if (p.startsWith("hashes.")) {
                QJsonObject h = o.value("hashes").toObject();
                if (value.isUndefined())
                    h.remove(p.mid(7));
                else
                    h.insert(p.mid(7), value);
                o.insert("hashes", h);
            } else if (value.isUndefined()) {
                o.remove(p);
            } else {
                o.insert(p, value);
            }
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        const QJsonValue absent = QJsonValue(QJsonValue::Undefined);
        auto b64url = [](const QByteArray &bytes) {
            return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        auto b64 = [](const QByteArray &bytes) {
            return QString::fromLatin1(bytes.toBase64(QByteArray::OmitTrailingEquals));
        };

        QTest::newRow("v1") << with("v", "v1") << K::UnsupportedVersion;
        QTest::newRow("no v (v1 era)") << with("v", absent) << K::UnsupportedVersion;
        QTest::newRow("v3") << with("v", "v3") << K::UnsupportedVersion;
        QTest::newRow("V2 uppercase") << with("v", "V2") << K::UnsupportedVersion;
        QTest::newRow("v number") << with("v", 2) << K::UnsupportedVersion;
        QTest::newRow("alg A128CTR") << with("key.alg", "A256GCM") << K::UnsupportedAlgorithm;
        QTest::newRow("alg missing") << with("key.alg", absent) << K::UnsupportedAlgorithm;
        QTest::newRow("kty RSA") << with("key.kty", "RSA") << K::UnsupportedAlgorithm;
        QTest::newRow("key 31 bytes") << with("key.k", b64url(KatKey.left(31))) << K::InvalidKey;
        QTest::newRow("key 16 bytes") << with("key.k", b64url(KatKey.left(16))) << K::InvalidKey;
        QTest::newRow("key 33 bytes") << with("key.k", b64url(KatKey + 'x')) << K::InvalidKey;
        QTest::newRow("k missing") << with("key.k", absent) << K::MalformedInfo;
        QTest::newRow("k not a string") << with("key.k", 42) << K::MalformedInfo;
        QTest::newRow("k bad base64") << with("key.k", "iP07lC2Hk3VczxCpBc5MBswiHm!NWjYjIA8-nASwDts") << K::MalformedInfo;
        QTest::newRow("k mixed alphabets") << with("key.k", "iP07lC2Hk3VczxCpBc5MBswiHm/NWjYjIA8-nASwDts")
                                           << K::MalformedInfo;
        QTest::newRow("k with spaces") << with("key.k", "iP07lC2Hk3VczxCp Bc5MBswiHm_NWjYjIA8-nASwDts")
                                       << K::MalformedInfo;
        QTest::newRow("k empty") << with("key.k", "") << K::MalformedInfo;
        QTest::newRow("key not an object") << with("key", "k") << K::MalformedInfo;
        QTest::newRow("key missing") << with("key", absent) << K::MalformedInfo;
        QTest::newRow("iv 8 bytes") << with("iv", b64(KatIv.left(8))) << K::InvalidIv;
        QTest::newRow("iv 17 bytes") << with("iv", b64(KatIv + 'x')) << K::InvalidIv;
        QTest::newRow("iv bad base64") << with("iv", "rEZo/+mtXz8AAAAA*AAAAA") << K::MalformedInfo;
        QTest::newRow("iv bad padding") << with("iv", "rEZo/+mtXz8AAAAAAAAAAA=") << K::MalformedInfo;
        QTest::newRow("iv missing") << with("iv", absent) << K::MalformedInfo;
        QTest::newRow("iv number") << with("iv", 1) << K::MalformedInfo;
        QTest::newRow("hashes missing") << with("hashes", absent) << K::MissingHash;
        QTest::newRow("hashes not an object") << with("hashes", "x") << K::MissingHash;
        QTest::newRow("sha256 missing") << with("hashes.sha256", absent) << K::MissingHash;
        QTest::newRow("sha256 short") << with("hashes.sha256", b64(QByteArray(31, 'a'))) << K::MissingHash;
        QTest::newRow("sha256 bad base64") << with("hashes.sha256", "%%%") << K::MalformedInfo;
        QTest::newRow("sha256 null") << with("hashes.sha256", QJsonValue()) << K::MalformedInfo;
        QTest::newRow("url missing") << with("url", absent) << K::MalformedInfo;
        QTest::newRow("url number") << with("url", 3) << K::MalformedInfo;
        QTest::newRow("not JSON") << QByteArray("{\"v\":\"v2\",") << K::MalformedInfo;
        QTest::newRow("array") << QByteArray("[" + good + "]") << K::MalformedInfo;
        QTest::newRow("empty") << QByteArray() << K::MalformedInfo;
        QTest::newRow("null") << QByteArray("null") << K::MalformedInfo;
        QTest::newRow("empty object") << QByteArray("{}") << K::UnsupportedVersion;
    }

    void rejectsInvalidInfo()
    {
        QFETCH(QByteArray, json);
        QFETCH(AttachmentError::Kind, kind);
        const auto r = EncryptedFileInfo::fromJson(json);
        QCOMPARE(AttachmentError::kindName(r.error.kind), AttachmentError::kindName(kind));
        QVERIFY(r.value.key.isEmpty()); // nothing half-parsed handed back
    }

    void malformedInputNeverCrashes()
    {
        // Random mutations of a valid EncryptedFile and random bytes: every answer is a value, never a crash.
        const QByteArray good = QJsonDocument(katJson()).toJson(QJsonDocument::Compact);
        QVERIFY(EncryptedFileInfo::fromJson(good).ok());
        auto *gen = QRandomGenerator::global();
        for (int i = 0; i < 3000; ++i) {
            QByteArray mutated = good;
            const int edits = 1 + int(gen->bounded(4));
            for (int e = 0; e < edits && !mutated.isEmpty(); ++e) {
                const int pos = int(gen->bounded(mutated.size()));
                switch (gen->bounded(3)) {
                case 0: mutated[pos] = char(gen->bounded(256)); break;
                case 1: mutated.remove(pos, 1 + int(gen->bounded(8))); break;
                default: mutated.insert(pos, char(gen->bounded(32, 127))); break;
                }
            }
            const auto r = EncryptedFileInfo::fromJson(mutated);
            if (r.ok())
                QVERIFY(r.value.validate().ok());
            (void)estafette::decryptAttachment(KatCiphertext, r.value);
            (void)EncryptedFileInfo::fromJson(randomBytes(gen->bounded(200)));
        }
        // Deep nesting and wrong types at every level.
        (void)EncryptedFileInfo::fromJson(QByteArray(5000, '[') + QByteArray(5000, ']'));
        (void)EncryptedFileInfo::fromJson(QJsonObject{{"v", "v2"}, {"key", QJsonArray{1, 2}}, {"hashes", QJsonArray{}}});
    }
};

QTEST_GUILESS_MAIN(TestAttachmentCipher)
#include "test_attachment_cipher.moc"
