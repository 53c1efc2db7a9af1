#include "media/cache_file_worker.h"

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace estafette {

namespace {

const int kRegisteredTypes = [] {
    qRegisterMetaType<EncryptedFileInfo>();
    qRegisterMetaType<MediaError>();
    return 0;
}();

// Flushes the file's data to the disk, so that a cache row (committed after this) never names a file whose bytes
// a power cut lost.
bool syncToDisk(QFile &file)
{
#ifdef Q_OS_WIN
    return _commit(file.handle()) == 0;
#else
    return ::fsync(file.handle()) == 0;
#endif
}

} // namespace

CacheFileWorker::CacheFileWorker(const QString &path, std::optional<EncryptedFileInfo> attachment)
    : m_path(path)
    , m_attachment(std::move(attachment))
    , m_file(path)
{
    Q_UNUSED(kRegisteredTypes);
}

CacheFileWorker::~CacheFileWorker() = default;

void CacheFileWorker::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    emit failed(reason);
}

void CacheFileWorker::begin()
{
    m_failed = false;
    m_size = 0;
    m_writeback.reset();
    if (m_file.isOpen())
        m_file.close();
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(m_file.errorString());
    m_file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    const AttachmentError error = m_attachment ? m_verifier.init(*m_attachment) : m_encryptor.init();
    if (!error.ok())
        fail(QString::fromLatin1(AttachmentError::kindName(error.kind)));
}

void CacheFileWorker::write(const QByteArray &chunk)
{
    if (!m_failed) {
        if (m_attachment) {
            const AttachmentError error = m_verifier.update(chunk);
            if (!error.ok())
                fail(QString::fromLatin1(AttachmentError::kindName(error.kind)));
            else if (m_file.write(chunk) != chunk.size())
                fail(m_file.errorString());
        } else {
            const AttachmentResult<QByteArray> encrypted = m_encryptor.update(chunk);
            if (!encrypted.ok())
                fail(QString::fromLatin1(AttachmentError::kindName(encrypted.error.kind)));
            else if (m_file.write(encrypted.value) != chunk.size())
                fail(m_file.errorString());
        }
        if (!m_failed) {
            m_size += chunk.size();
            m_writeback.wrote(m_file, m_size);
        }
    }
    emit written(chunk.size());
}

void CacheFileWorker::finish()
{
    using Kind = MediaError::Kind;
    auto failWith = [this](const MediaError &error) {
        discard();
        emit finished({}, 0, error);
    };
    if (m_failed || !m_file.isOpen())
        return failWith(MediaError::make(Kind::Storage, m_failed ? QStringLiteral("write failed") : m_file.errorString()));
    EncryptedFileInfo cipher;
    if (m_attachment) {
        const AttachmentError error = m_verifier.finish();
        if (!error.ok())
            return failWith(MediaError::make(error.kind == AttachmentError::Kind::HashMismatch ? Kind::HashMismatch
                                                                                               : Kind::InvalidFileInfo,
                                             error.detail));
        cipher = *m_attachment;
        cipher.url.clear();
    } else {
        AttachmentResult<EncryptedFileInfo> info = m_encryptor.finish();
        if (!info.ok())
            return failWith(MediaError::make(Kind::Storage, info.error.detail));
        cipher = std::move(info.value);
    }
    if (!m_file.flush() || !syncToDisk(m_file))
        return failWith(MediaError::make(Kind::Storage, QStringLiteral("could not flush the file to the disk")));
    m_file.close();
    emit finished(cipher, m_size, {});
}

void CacheFileWorker::discard()
{
    if (m_file.isOpen())
        m_file.close();
    QFile::remove(m_path);
}

} // namespace estafette
