#include "media/attachment_cipher.h"
#include "media/ctr_decrypting_device.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using estafette::AttachmentEncryptor;
using estafette::AttachmentError;
using estafette::CtrDecryptingDevice;
using estafette::EncryptedFileInfo;
using estafette::StagedFile;

namespace {

// Same known answer as test_attachment_cipher (produced outside Estafette with Python cryptography 48.0): the
// counter is the low 64 bits of the IV and wraps to 0 without carrying into the prefix.
const QByteArray KatKey = QByteArray::fromHex("88fd3b942d8793755ccf10a905ce4c06cc221e6fcd5a3623200f3e9c04b00edb");
const QByteArray WrapIv = QByteArray::fromHex("ac4668ffe9ad5f3fffffffffffffffff");
const QByteArray WrapCiphertext =
    QByteArray::fromHex("2ca7ba1b7fb4638bf1871823507f5079a829d7d132921dc22a530651183954d53e072e3f2232b07c");

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

struct Encrypted {
    QByteArray ciphertext;
    EncryptedFileInfo info;
};

// Encrypted with the library's streaming encryptor, in uneven chunks (its own tests pin it to known answers).
Encrypted encrypt(const QByteArray &plaintext, const QByteArray &key = {}, const QByteArray &iv = {})
{
    AttachmentEncryptor encryptor;
    const AttachmentError init = key.isEmpty() ? encryptor.init() : encryptor.init(key, iv);
    Q_ASSERT(init.ok());
    Encrypted out;
    for (qsizetype pos = 0; pos < plaintext.size(); pos += 7777) {
        auto part = encryptor.update(QByteArrayView(plaintext).sliced(pos, std::min<qsizetype>(7777, plaintext.size() - pos)));
        Q_ASSERT(part.ok());
        out.ciphertext += part.value;
    }
    auto info = encryptor.finish();
    Q_ASSERT(info.ok());
    out.info = info.value;
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray ivWithCounter(quint64 counter)
{
    QByteArray iv = QByteArray::fromHex("0123456789abcdef");
    for (int i = 7; i >= 0; --i)
        iv.append(char((counter >> (8 * i)) & 0xff));
    return iv;
}

} // namespace

class TestMediaCtrDecryptingDevice : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsEverythingSequentiallyInUnevenChunks()
    {
        const QByteArray plain = randomBytes(300'001, 1);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("seq"));
        QVERIFY(writeFile(path, enc.ciphertext));

        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(!device.isSequential());
        QCOMPARE(device.size(), plain.size());
        QByteArray out;
        const int sizes[] = {1, 15, 16, 17, 7, 4099, 65536, 3};
        int i = 0;
        while (!device.atEnd()) {
            const QByteArray part = device.read(sizes[i++ % 8]);
            QVERIFY(!part.isEmpty());
            out += part;
        }
        QCOMPARE(out.size(), plain.size());
        QVERIFY(out == plain);
        QCOMPARE(device.read(10), QByteArray());
        QVERIFY(device.error().ok());

        QVERIFY(device.seek(0));
        QVERIFY(device.readAll() == plain);
    }

    // Every start offset around the first blocks with every short length: all block-boundary cases.
    void readsAroundBlockBoundaries()
    {
        const QByteArray plain = randomBytes(100, 2);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("edges"));
        QVERIFY(writeFile(path, enc.ciphertext));
        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(device.open(QIODevice::ReadOnly));
        for (int pos = 0; pos <= 64; ++pos) {
            for (int len = 1; len <= 40; ++len) {
                QVERIFY(device.seek(pos));
                const QByteArray got = device.read(len);
                QVERIFY2(got == plain.mid(pos, len), qPrintable(QStringLiteral("pos %1 len %2").arg(pos).arg(len)));
            }
        }
    }

    void randomSeeksAndReadsEqualThePlaintext()
    {
        const QByteArray plain = randomBytes(1'000'003, 3);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("random"));
        QVERIFY(writeFile(path, enc.ciphertext));
        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QRandomGenerator rng(42);
        for (int i = 0; i < 3000; ++i) {
            const qint64 pos = rng.bounded(int(plain.size() + 1));
            const qint64 len = (i % 10 == 0) ? rng.bounded(200'000) : rng.bounded(100);
            QVERIFY(device.seek(pos));
            QCOMPARE(device.pos(), pos);
            const QByteArray got = device.read(len);
            QCOMPARE(got.size(), std::min(len, plain.size() - pos));
            QVERIFY2(got == plain.mid(pos, len), qPrintable(QStringLiteral("pos %1 len %2").arg(pos).arg(len)));
            QCOMPARE(device.pos(), pos + got.size());
            // Sometimes go on reading from where the last read stopped (the sequential path after a seek).
            if (i % 3 == 0) {
                const QByteArray next = device.read(33);
                QVERIFY(next == plain.mid(pos + got.size(), 33));
            }
        }
    }

    void peekDoesNotMoveThePosition()
    {
        const QByteArray plain = randomBytes(1000, 4);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("peek"));
        QVERIFY(writeFile(path, enc.ciphertext));
        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(device.seek(123));
        QVERIFY(device.peek(50) == plain.mid(123, 50));
        QCOMPARE(device.pos(), 123);
        QVERIFY(device.read(50) == plain.mid(123, 50));
    }

    // The spec's counter is 64 bits and wraps without carrying: the independent known answer of the cipher tests.
    void counterWrapMatchesTheKnownAnswer()
    {
        QByteArray plain;
        for (int b = 0x40; b < 0x68; ++b)
            plain.append(char(b));
        const QString path = m_dir.filePath(QStringLiteral("wrap-kat"));
        QVERIFY(writeFile(path, WrapCiphertext));
        EncryptedFileInfo info;
        info.key = KatKey;
        info.iv = WrapIv;
        CtrDecryptingDevice device(path, info);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QCOMPARE(device.readAll(), plain);
        for (int pos = 0; pos < plain.size(); ++pos) {
            QVERIFY(device.seek(pos));
            QCOMPARE(device.readAll(), plain.mid(pos));
        }
        QVERIFY(device.seek(10));
        QCOMPARE(device.read(30), plain.mid(10, 30)); // one read across the wrap
    }

    void counterWrapInTheMiddleOfAFile_data()
    {
        QTest::addColumn<quint64>("counter");
        QTest::newRow("wrap after 1 block") << ~quint64(0);
        QTest::newRow("wrap after 3 blocks") << (~quint64(0) - 2);
        QTest::newRow("wrap after 1000 blocks") << (~quint64(0) - 999);
        QTest::newRow("counter 0 (never wraps)") << quint64(0);
        QTest::newRow("counter 2^63") << (quint64(1) << 63);
    }

    void counterWrapInTheMiddleOfAFile()
    {
        QFETCH(quint64, counter);
        const QByteArray plain = randomBytes(40'000, 5);
        const QByteArray key = randomBytes(32, 6);
        const Encrypted enc = encrypt(plain, key, ivWithCounter(counter));
        const QString path = m_dir.filePath(QStringLiteral("wrap-%1").arg(counter));
        QVERIFY(writeFile(path, enc.ciphertext));
        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(device.readAll() == plain);
        const quint64 blocksToWrap = ~counter + 1; // 2^64 - counter
        const qint64 wrapAt = (counter == 0 || blocksToWrap > 1'000'000) ? 0 : qint64(blocksToWrap * 16);
        QRandomGenerator rng(7);
        for (int i = 0; i < 500; ++i) {
            // Reads that start near the wrap point and cross it, and reads anywhere.
            const qint64 pos = i % 2 ? std::clamp<qint64>(wrapAt - 40 + rng.bounded(80), 0, plain.size())
                                     : rng.bounded(int(plain.size()));
            const qint64 len = rng.bounded(1, 120);
            QVERIFY(device.seek(pos));
            QVERIFY2(device.read(len) == plain.mid(pos, len), qPrintable(QStringLiteral("pos %1").arg(pos)));
        }
    }

    void verifiesTheCiphertextHash()
    {
        const QByteArray plain = randomBytes(2'500'000, 8);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("hash"));
        QVERIFY(writeFile(path, enc.ciphertext));
        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(device.verifyCiphertext().ok());
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(device.seek(1000));
        QVERIFY(device.verifyCiphertext().ok());
        QCOMPARE(device.pos(), 1000); // the position is untouched

        QByteArray tampered = enc.ciphertext;
        tampered[1'500'000] = char(tampered[1'500'000] ^ 1);
        const QString tamperedPath = m_dir.filePath(QStringLiteral("hash-tampered"));
        QVERIFY(writeFile(tamperedPath, tampered));
        CtrDecryptingDevice bad(tamperedPath, enc.info);
        QCOMPARE(bad.verifyCiphertext().kind, AttachmentError::Kind::HashMismatch);

        const QString truncatedPath = m_dir.filePath(QStringLiteral("hash-truncated"));
        QVERIFY(writeFile(truncatedPath, enc.ciphertext.left(enc.ciphertext.size() - 1)));
        CtrDecryptingDevice truncated(truncatedPath, enc.info);
        QCOMPARE(truncated.verifyCiphertext().kind, AttachmentError::Kind::HashMismatch);

        CtrDecryptingDevice missing(m_dir.filePath(QStringLiteral("nothing-here")), enc.info);
        QCOMPARE(missing.verifyCiphertext().kind, AttachmentError::Kind::Io);

        EncryptedFileInfo noHash = enc.info;
        noHash.sha256.clear();
        CtrDecryptingDevice unverifiable(path, noHash);
        QCOMPARE(unverifiable.verifyCiphertext().kind, AttachmentError::Kind::MissingHash);
    }

    void opensAStagedFileInsideTheMediaFolderOnly()
    {
        const QByteArray plain = randomBytes(5000, 9);
        const Encrypted enc = encrypt(plain);
        const QString media = m_dir.filePath(QStringLiteral("media"));
        QVERIFY(QDir().mkpath(media + QStringLiteral("/staging")));
        QVERIFY(writeFile(media + QStringLiteral("/staging/abc"), enc.ciphertext));
        QVERIFY(writeFile(m_dir.filePath(QStringLiteral("outside")), enc.ciphertext));

        StagedFile staged;
        staged.fileName = QStringLiteral("staging/abc");
        staged.cipher = enc.info;
        staged.size = plain.size();
        CtrDecryptingDevice device(media, staged);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(device.readAll() == plain);

        for (const QString &name : {QStringLiteral("../outside"), QStringLiteral("staging/../../outside"),
                                    m_dir.filePath(QStringLiteral("outside")), QString()}) {
            staged.fileName = name;
            CtrDecryptingDevice escaping(media, staged);
            QVERIFY2(!escaping.open(QIODevice::ReadOnly), qPrintable(name));
            QCOMPARE(escaping.error().kind, AttachmentError::Kind::Io);
        }
    }

    void refusesWhatItCannotDo()
    {
        const QByteArray plain = randomBytes(100, 10);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("refuse"));
        QVERIFY(writeFile(path, enc.ciphertext));

        CtrDecryptingDevice writable(path, enc.info);
        QVERIFY(!writable.open(QIODevice::ReadWrite));
        QVERIFY(!writable.open(QIODevice::WriteOnly));
        QVERIFY(!writable.isOpen());

        EncryptedFileInfo shortKey = enc.info;
        shortKey.key.chop(1);
        CtrDecryptingDevice badKey(path, shortKey);
        QVERIFY(!badKey.open(QIODevice::ReadOnly));
        QCOMPARE(badKey.error().kind, AttachmentError::Kind::InvalidKey);

        EncryptedFileInfo shortIv = enc.info;
        shortIv.iv = QByteArray(8, 'x');
        CtrDecryptingDevice badIv(path, shortIv);
        QVERIFY(!badIv.open(QIODevice::ReadOnly));
        QCOMPARE(badIv.error().kind, AttachmentError::Kind::InvalidIv);

        CtrDecryptingDevice missing(m_dir.filePath(QStringLiteral("absent")), enc.info);
        QVERIFY(!missing.open(QIODevice::ReadOnly));
        QCOMPARE(missing.error().kind, AttachmentError::Kind::Io);

        CtrDecryptingDevice device(path, enc.info);
        QVERIFY(!device.seek(0)); // not open
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(!device.seek(101));
        QVERIFY(!device.seek(-1));
        QVERIFY(device.seek(100));
        QVERIFY(device.atEnd());
        QCOMPARE(device.read(5), QByteArray());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ReadOnly device")));
        QCOMPARE(device.write("x", 1), -1);
        device.close();
        QVERIFY(device.open(QIODevice::ReadOnly)); // reopens at 0
        QCOMPARE(device.pos(), 0);
        QVERIFY(device.readAll() == plain);
    }

    // A wrong key gives garbage, never the plaintext (sanity check that the key is really used).
    void aWrongKeyDoesNotDecrypt()
    {
        const QByteArray plain = randomBytes(4096, 11);
        const Encrypted enc = encrypt(plain);
        const QString path = m_dir.filePath(QStringLiteral("wrongkey"));
        QVERIFY(writeFile(path, enc.ciphertext));
        EncryptedFileInfo other = enc.info;
        other.key[0] = char(other.key[0] ^ 0x80);
        CtrDecryptingDevice device(path, other);
        QVERIFY(device.open(QIODevice::ReadOnly));
        const QByteArray got = device.readAll();
        QCOMPARE(got.size(), plain.size());
        QVERIFY(got != plain);
        QVERIFY(enc.ciphertext != plain);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMediaCtrDecryptingDevice)
#include "test_media_ctr_decrypting_device.moc"
