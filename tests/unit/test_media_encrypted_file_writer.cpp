#include "media/ctr_decrypting_device.h"
#include "media/encrypted_file_writer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using estafette::CtrDecryptingDevice;
using estafette::EncryptedFileWriter;
using estafette::FileWriteError;
using estafette::StagedFile;

namespace {

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList filesIn(const QString &path)
{
    return QDir(path).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestMediaEncryptedFileWriter : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_media = m_dir->filePath(QStringLiteral("media"));
    }

    void writesAnEncryptedFileThatDecryptsToTheStream()
    {
        // Recognisable plaintext, so a plaintext copy on disk would be found.
        QByteArray plain;
        for (int i = 0; plain.size() < 3'000'000; ++i)
            plain += QByteArrayLiteral("secret site photo line ") + QByteArray::number(i) + '\n';

        EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
        QVERIFY(writer.open().ok());
        const QString part = writer.partPath();
        QVERIFY(part.endsWith(QLatin1String(".part")));
        QVERIFY(QFileInfo::exists(part));
        for (qsizetype pos = 0; pos < plain.size(); pos += 1 << 20)
            QVERIFY(writer.write(QByteArrayView(plain).sliced(pos, std::min<qsizetype>(1 << 20, plain.size() - pos))).ok());
        QCOMPARE(writer.bytesWritten(), plain.size());
        const auto result = writer.finish();
        QVERIFY2(result.ok(), qPrintable(result.error.detail));

        const StagedFile &staged = result.file;
        QVERIFY(staged.isValid());
        QCOMPARE(staged.size, plain.size());
        QVERIFY(staged.fileName.startsWith(QLatin1String("staging/")));
        QVERIFY(!staged.fileName.endsWith(QLatin1String(".part")));
        QVERIFY(!QFileInfo::exists(part));
        const QString finalPath = QDir(m_media).filePath(staged.fileName);
        QCOMPARE(QFileInfo(finalPath).size(), plain.size());
        QCOMPARE(filesIn(m_media + QStringLiteral("/staging")).size(), 1);

        const QByteArray onDisk = readFile(finalPath);
        QVERIFY(!onDisk.contains("secret site photo"));
        QVERIFY(onDisk != plain);

        CtrDecryptingDevice device(m_media, staged);
        QVERIFY(device.verifyCiphertext().ok());
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(device.readAll() == plain);
    }

    void foldersAndFilesAreOwnerOnly()
    {
        EncryptedFileWriter writer(m_media, QStringLiteral("cache"));
        QVERIFY(writer.open().ok());
        QVERIFY(writer.write("abc").ok());
        const auto result = writer.finish();
        QVERIFY(result.ok());
        const auto ownerOnlyFolder = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
        const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                                  | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        for (const QString &folder : {m_media, m_media + QStringLiteral("/cache")}) {
            const auto permissions = QFileInfo(folder).permissions();
            QVERIFY((permissions & ownerOnlyFolder) == ownerOnlyFolder);
            QVERIFY(!(permissions & groupOrOther));
        }
        QVERIFY(!(QFileInfo(QDir(m_media).filePath(result.file.fileName)).permissions() & groupOrOther));
    }

    void eachFileHasItsOwnNameAndKey()
    {
        StagedFile files[2];
        for (auto &file : files) {
            EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
            QVERIFY(writer.open().ok());
            QVERIFY(writer.write("same plaintext").ok());
            auto result = writer.finish();
            QVERIFY(result.ok());
            file = result.file;
        }
        QVERIFY(files[0].fileName != files[1].fileName);
        QVERIFY(files[0].cipher.key != files[1].cipher.key);
        QVERIFY(files[0].cipher.iv != files[1].cipher.iv);
        QVERIFY(files[0].cipher.sha256 != files[1].cipher.sha256);
        QCOMPARE(files[0].cipher.iv.right(8), QByteArray(8, '\0')); // the counter starts at 0
    }

    void anEmptyStreamGivesAnEmptyFile()
    {
        EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
        QVERIFY(writer.open().ok());
        const auto result = writer.finish();
        QVERIFY(result.ok());
        QCOMPARE(result.file.size, 0);
        CtrDecryptingDevice device(m_media, result.file);
        QVERIFY(device.verifyCiphertext().ok());
        QVERIFY(device.open(QIODevice::ReadOnly));
        QCOMPARE(device.readAll(), QByteArray());
    }

    void abortAndDestructionRemoveThePartFile()
    {
        QString part;
        {
            EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
            QVERIFY(writer.open().ok());
            QVERIFY(writer.write(randomBytes(100'000, 1)).ok());
            part = writer.partPath();
            QVERIFY(QFileInfo::exists(part));
            writer.abort();
            QVERIFY(!QFileInfo::exists(part));
            QCOMPARE(writer.write("more").kind, FileWriteError::Kind::InvalidState);
            QCOMPARE(writer.finish().error.kind, FileWriteError::Kind::InvalidState);
        }
        {
            EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
            QVERIFY(writer.open().ok());
            QVERIFY(writer.write(randomBytes(100'000, 2)).ok());
            part = writer.partPath();
            QVERIFY(QFileInfo::exists(part));
        }
        QVERIFY(!QFileInfo::exists(part));
        QVERIFY(filesIn(m_media + QStringLiteral("/staging")).isEmpty());
    }

    void misuseIsAnError()
    {
        EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
        QCOMPARE(writer.write("x").kind, FileWriteError::Kind::InvalidState);
        QCOMPARE(writer.finish().error.kind, FileWriteError::Kind::InvalidState);
        QVERIFY(writer.open().ok());
        QCOMPARE(writer.open().kind, FileWriteError::Kind::InvalidState);
        QVERIFY(writer.finish().ok());
        QCOMPARE(writer.finish().error.kind, FileWriteError::Kind::InvalidState);

        EncryptedFileWriter outside(m_media, QStringLiteral("../elsewhere"));
        QCOMPARE(outside.open().kind, FileWriteError::Kind::InvalidState);
        EncryptedFileWriter noMedia(QString(), QStringLiteral("staging"));
        QCOMPARE(noMedia.open().kind, FileWriteError::Kind::InvalidState);
    }

    // The folder cannot be created (a file is in the way): an I/O error, nothing written.
    void anUncreatableFolderIsAnIoError()
    {
        QVERIFY(QDir().mkpath(m_media));
        QFile blocker(m_media + QStringLiteral("/staging"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        EncryptedFileWriter writer(m_media, QStringLiteral("staging"));
        QCOMPARE(writer.open().kind, FileWriteError::Kind::Io);
        QCOMPARE(writer.write("x").kind, FileWriteError::Kind::InvalidState);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_media;
};

QTEST_GUILESS_MAIN(TestMediaEncryptedFileWriter)
#include "test_media_encrypted_file_writer.moc"
