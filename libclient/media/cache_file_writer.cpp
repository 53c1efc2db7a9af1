#include "media/cache_file_writer.h"

#include "media/cache_file_worker.h"

#include <QFile>
#include <QThread>

namespace estafette {

CacheFileWriter::CacheFileWriter(const QString &path, const QString &fileName,
                                 std::optional<EncryptedFileInfo> attachment, QThread *ioThread, QObject *parent)
    : QIODevice(parent)
    , m_path(path)
    , m_fileName(fileName)
    , m_worker(new CacheFileWorker(path, std::move(attachment)))
{
    m_worker->moveToThread(ioThread);
    connect(m_worker, &CacheFileWorker::written, this, &CacheFileWriter::onWritten);
    connect(m_worker, &CacheFileWorker::failed, this, &CacheFileWriter::onFailed);
    connect(m_worker, &CacheFileWorker::finished, this, &CacheFileWriter::onFinished);
}

CacheFileWriter::~CacheFileWriter()
{
    discard();
    if (m_worker) {
        m_worker->disconnect(this);
        m_worker->deleteLater(); // after the work already queued for it
    }
}

bool CacheFileWriter::open(OpenMode mode)
{
    if (!(mode & WriteOnly) || (mode & ReadOnly)) {
        setErrorString(QStringLiteral("write-only device"));
        return false;
    }
    if (isOpen() || m_finishing || m_kept || !m_worker) {
        setErrorString(QStringLiteral("already used"));
        return false;
    }
    // Created here, so that a folder that can't take it is known at once; the worker reopens it to write.
    QFile probe(m_path);
    if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        setErrorString(probe.errorString());
        return false;
    }
    probe.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    probe.close();
    m_written = 0;
    m_failed = false;
    QMetaObject::invokeMethod(m_worker, &CacheFileWorker::begin, Qt::QueuedConnection);
    return QIODevice::open(WriteOnly | Unbuffered);
}

bool CacheFileWriter::restart()
{
    if (m_finishing || m_kept || !isOpen() || !m_worker)
        return false;
    m_written = 0;
    m_failed = false;
    QMetaObject::invokeMethod(m_worker, &CacheFileWorker::begin, Qt::QueuedConnection);
    return true;
}

qint64 CacheFileWriter::writeData(const char *data, qint64 length)
{
    if (m_failed || m_finishing || !m_worker)
        return -1;
    QByteArray chunk(data, length);
    m_pending += length;
    m_written += length;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker.data(), chunk] { worker->write(chunk); },
                              Qt::QueuedConnection);
    return length;
}

void CacheFileWriter::onWritten(qint64 bytes)
{
    m_pending = qMax<qint64>(0, m_pending - bytes);
    emit bytesWritten(bytes);
}

void CacheFileWriter::onFailed(const QString &reason)
{
    m_failed = true;
    setErrorString(reason);
}

void CacheFileWriter::finish(std::function<void(const StagedFile &, const MediaError &)> done)
{
    if (m_finishing || m_kept || !isOpen() || !m_worker) {
        QMetaObject::invokeMethod(
            this, [done] { done({}, MediaError::make(MediaError::Kind::Storage, QStringLiteral("cache file not open"))); },
            Qt::QueuedConnection);
        discard();
        return;
    }
    m_finishing = true;
    m_done = std::move(done);
    QIODevice::close();
    QMetaObject::invokeMethod(m_worker, &CacheFileWorker::finish, Qt::QueuedConnection);
}

void CacheFileWriter::onFinished(const EncryptedFileInfo &cipher, qint64 size, const MediaError &error)
{
    if (!m_finishing)
        return;
    m_finishing = false;
    auto done = std::move(m_done);
    m_done = {};
    if (m_discarded) {
        done({}, MediaError::make(MediaError::Kind::Cancelled, QStringLiteral("discarded while finishing")));
        return;
    }
    if (!error.ok()) {
        discard();
        done({}, error);
        return;
    }
    m_kept = true;
    StagedFile file;
    file.fileName = m_fileName;
    file.cipher = cipher;
    file.size = size;
    done(file, {});
}

void CacheFileWriter::discard()
{
    if (m_kept || m_discarded)
        return;
    m_discarded = true;
    if (isOpen())
        QIODevice::close();
    // The name goes at once (a partial file is never left for a reader to find); the worker closes its
    // descriptor and the space is freed there.
    QFile::remove(m_path);
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &CacheFileWorker::discard, Qt::QueuedConnection);
}

} // namespace estafette
