#include "media/encrypted_file_writer.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStorageInfo>

#include <cerrno>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace estafette {

namespace {

using Kind = FileWriteError::Kind;

constexpr QFileDevice::Permissions OwnerOnlyFolder =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

bool makeOwnerOnlyFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        return false;
    QFile::setPermissions(path, OwnerOnlyFolder);
    return true;
}

QString randomName()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

bool syncFile(QFile &file)
{
    if (!file.flush())
        return false;
#ifdef Q_OS_WIN
    return _commit(file.handle()) == 0;
#else
    return ::fsync(file.handle()) == 0;
#endif
}

// The rename is durable only once the folder's entry is on disk too (POSIX; Windows has no folder fsync).
void syncFolder(const QString &path)
{
#ifndef Q_OS_WIN
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path);
#endif
}

} // namespace

EncryptedFileWriter::EncryptedFileWriter(const QString &mediaPath, const QString &folder)
    : m_mediaPath(mediaPath), m_folder(QDir::cleanPath(folder))
{
}

EncryptedFileWriter::~EncryptedFileWriter()
{
    abort();
}

FileWriteError EncryptedFileWriter::fail(Kind kind, const QString &detail)
{
    abort();
    return FileWriteError{kind, detail};
}

FileWriteError EncryptedFileWriter::open()
{
    if (m_open)
        return FileWriteError{Kind::InvalidState, QStringLiteral("already open")};
    if (m_mediaPath.isEmpty() || m_folder.isEmpty() || QDir::isAbsolutePath(m_folder) || m_folder.startsWith(QLatin1String("..")))
        return FileWriteError{Kind::InvalidState, QStringLiteral("no media folder, or a folder outside it")};
    const QString folderPath = QDir(m_mediaPath).filePath(m_folder);
    if (!makeOwnerOnlyFolder(m_mediaPath) || !makeOwnerOnlyFolder(folderPath))
        return FileWriteError{Kind::Io, QStringLiteral("cannot create %1").arg(folderPath)};

    const AttachmentError cipher = m_encryptor.init();
    if (!cipher.ok())
        return FileWriteError{Kind::Crypto, cipher.detail};

    m_name = randomName();
    m_partPath = QDir(folderPath).filePath(m_name + QLatin1String(".part"));
    m_file.setFileName(m_partPath);
    // Unbuffered: a full disk shows at the write that hit it, not at some later flush.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered, OwnerOnlyFile)) {
        const QString why = m_file.errorString();
        m_partPath.clear();
        return writeFailure(QStringLiteral("cannot create the part file: %1").arg(why));
    }
    m_written = 0;
    m_writeback.reset();
    m_open = true;
    return {};
}

FileWriteError EncryptedFileWriter::writeFailure(const QString &what)
{
    const int err = errno;
    bool full = err == ENOSPC;
#ifdef EDQUOT
    full = full || err == EDQUOT;
#endif
    if (!full) {
        const QStorageInfo storage(QDir(m_mediaPath).absolutePath());
        full = storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < 64 * 1024;
    }
    return fail(full ? Kind::NoSpace : Kind::Io, what);
}

FileWriteError EncryptedFileWriter::write(QByteArrayView plaintext)
{
    if (!m_open)
        return FileWriteError{Kind::InvalidState, QStringLiteral("write() on a writer that is not open")};
    if (plaintext.isEmpty())
        return {};
    AttachmentResult<QByteArray> ciphertext = m_encryptor.update(plaintext);
    if (!ciphertext.ok())
        return fail(Kind::Crypto, ciphertext.error.detail);
    errno = 0;
    if (m_file.write(ciphertext.value) != ciphertext.value.size())
        return writeFailure(QStringLiteral("cannot write the part file: %1").arg(m_file.errorString()));
    m_written += ciphertext.value.size();
    m_writeback.wrote(m_file, m_written);
    return {};
}

FileWriteResult EncryptedFileWriter::finish()
{
    FileWriteResult result;
    if (!m_open) {
        result.error = {Kind::InvalidState, QStringLiteral("finish() on a writer that is not open")};
        return result;
    }
    AttachmentResult<EncryptedFileInfo> info = m_encryptor.finish();
    if (!info.ok()) {
        result.error = fail(Kind::Crypto, info.error.detail);
        return result;
    }
    errno = 0;
    if (!syncFile(m_file)) {
        result.error = writeFailure(QStringLiteral("cannot sync the part file: %1").arg(m_file.errorString()));
        return result;
    }
    m_file.close();
    const QString folderPath = QFileInfo(m_partPath).absolutePath();
    const QString finalPath = QDir(folderPath).filePath(m_name);
    if (!QFile::rename(m_partPath, finalPath)) {
        result.error = fail(Kind::Io, QStringLiteral("cannot rename the part file to %1").arg(finalPath));
        return result;
    }
    syncFolder(folderPath);

    result.file.fileName = m_folder + QLatin1Char('/') + m_name;
    result.file.cipher = std::move(info.value);
    result.file.size = m_written;
    m_open = false;
    m_partPath.clear();
    return result;
}

void EncryptedFileWriter::abort()
{
    if (m_file.isOpen())
        m_file.close();
    if (!m_partPath.isEmpty())
        QFile::remove(m_partPath);
    m_partPath.clear();
    m_open = false;
    m_encryptor = AttachmentEncryptor(); // drops the key
}

} // namespace estafette
