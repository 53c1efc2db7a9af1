#include "media/cache_file_writer.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace estafette {

namespace {

// Flushes the file's data to the disk, so that a cache row (committed after this) never names a file whose
// bytes a power cut lost. Runs on a pool thread: on a large file it can take a while.
bool syncToDisk(const QString &path)
{
#ifdef Q_OS_WIN
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && _commit(file.handle()) == 0;
#else
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
#endif
}

} // namespace

const char *MediaError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return "none";
    case Kind::InvalidUri: return "invalid-uri";
    case Kind::InvalidFileInfo: return "invalid-file-info";
    case Kind::NotFound: return "not-found";
    case Kind::TooLarge: return "too-large";
    case Kind::Truncated: return "truncated";
    case Kind::HashMismatch: return "hash-mismatch";
    case Kind::Network: return "network";
    case Kind::Server: return "server";
    case Kind::Storage: return "storage";
    case Kind::Cancelled: return "cancelled";
    }
    return "unknown";
}

CacheFileWriter::CacheFileWriter(const QString &path, const QString &fileName,
                                 std::optional<EncryptedFileInfo> attachment, QObject *parent)
    : QIODevice(parent)
    , m_path(path)
    , m_fileName(fileName)
    , m_attachment(std::move(attachment))
    , m_file(path)
{
}

CacheFileWriter::~CacheFileWriter()
{
    discard();
}

bool CacheFileWriter::startCipher()
{
    const AttachmentError error = m_attachment ? m_verifier.init(*m_attachment) : m_encryptor.init();
    if (!error.ok()) {
        setErrorString(QString::fromLatin1(AttachmentError::kindName(error.kind)));
        return false;
    }
    return true;
}

bool CacheFileWriter::open(OpenMode mode)
{
    if (!(mode & WriteOnly) || (mode & ReadOnly)) {
        setErrorString(QStringLiteral("write-only device"));
        return false;
    }
    m_file.close();
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setErrorString(m_file.errorString());
        return false;
    }
    m_file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    m_written = 0;
    m_failed = false;
    m_kept = false;
    m_discarded = false;
    if (!startCipher()) {
        m_file.close();
        m_file.remove();
        return false;
    }
    return QIODevice::open(WriteOnly | Unbuffered);
}

bool CacheFileWriter::restart()
{
    if (m_finishing || !isOpen())
        return false;
    if (!m_file.resize(0) || !m_file.seek(0)) {
        fail(m_file.errorString());
        return false;
    }
    m_written = 0;
    m_failed = false;
    if (!startCipher()) {
        m_failed = true;
        return false;
    }
    return true;
}

void CacheFileWriter::fail(const QString &reason)
{
    m_failed = true;
    setErrorString(reason);
}

qint64 CacheFileWriter::writeData(const char *data, qint64 length)
{
    if (m_failed || m_finishing || !m_file.isOpen())
        return -1;
    QByteArrayView chunk(data, length);
    if (m_attachment) {
        const AttachmentError error = m_verifier.update(chunk);
        if (!error.ok()) {
            fail(QString::fromLatin1(AttachmentError::kindName(error.kind)));
            return -1;
        }
        if (m_file.write(data, length) != length) {
            fail(m_file.errorString());
            return -1;
        }
    } else {
        const AttachmentResult<QByteArray> encrypted = m_encryptor.update(chunk);
        if (!encrypted.ok()) {
            fail(QString::fromLatin1(AttachmentError::kindName(encrypted.error.kind)));
            return -1;
        }
        if (m_file.write(encrypted.value) != length) {
            fail(m_file.errorString());
            return -1;
        }
    }
    m_written += length;
    return length;
}

void CacheFileWriter::finish(std::function<void(const StagedFile &, const MediaError &)> done)
{
    auto failLater = [this, done](const MediaError &error) {
        discard();
        QMetaObject::invokeMethod(this, [done, error] { done({}, error); }, Qt::QueuedConnection);
    };
    if (m_finishing || m_kept || !m_file.isOpen()) {
        failLater(MediaError::make(MediaError::Kind::Storage, QStringLiteral("cache file not open")));
        return;
    }
    if (m_failed) {
        failLater(MediaError::make(MediaError::Kind::Storage, errorString()));
        return;
    }
    m_finishing = true;

    StagedFile file;
    file.fileName = m_fileName;
    file.size = m_written;
    if (m_attachment) {
        const AttachmentError error = m_verifier.finish();
        if (!error.ok()) {
            failLater(MediaError::make(error.kind == AttachmentError::Kind::HashMismatch ? MediaError::Kind::HashMismatch
                                                                                           : MediaError::Kind::InvalidFileInfo,
                                       error.detail));
            return;
        }
        file.cipher = *m_attachment;
        file.cipher.url.clear();
    } else {
        AttachmentResult<EncryptedFileInfo> info = m_encryptor.finish();
        if (!info.ok()) {
            failLater(MediaError::make(MediaError::Kind::Storage, info.error.detail));
            return;
        }
        file.cipher = std::move(info.value);
    }
    if (!m_file.flush()) {
        failLater(MediaError::make(MediaError::Kind::Storage, m_file.errorString()));
        return;
    }
    m_file.close();
    QIODevice::close();

    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, file, done] {
        watcher->deleteLater();
        if (m_discarded) {
            m_finishing = false;
            done({}, MediaError::make(MediaError::Kind::Cancelled, QStringLiteral("discarded while finishing")));
            return;
        }
        if (!watcher->result()) {
            m_finishing = false;
            discard();
            done({}, MediaError::make(MediaError::Kind::Storage, QStringLiteral("fsync failed")));
            return;
        }
        m_kept = true;
        done(file, {});
    });
    watcher->setFuture(QtConcurrent::run(syncToDisk, m_path));
}

void CacheFileWriter::discard()
{
    if (m_kept)
        return;
    if (m_file.isOpen())
        m_file.close();
    if (isOpen())
        QIODevice::close();
    // With an fsync in flight (on its own descriptor) the name can go all the same; finish() then fails.
    m_discarded = m_finishing;
    QFile::remove(m_path);
}

} // namespace estafette
