#include "media/staged_file_uploader.h"

#include "api/media_api.h"
#include "media/ctr_decrypting_device.h"
#include "media/mxc_uri.h"
#include "net/http_client.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcUpload, "estafette.media.upload")

namespace estafette {

StagedFileUploader::StagedFileUploader(MediaApi *api, const QString &mediaPath, QObject *parent)
    : QObject(parent), m_api(api), m_mediaPath(mediaPath)
{
}

StagedFileUploader::~StagedFileUploader()
{
    const QList<quint64> ids = m_uploads.keys();
    for (quint64 id : ids)
        cancel(id);
}

quint64 StagedFileUploader::upload(const Request &request, Progress progress, Done done)
{
    const quint64 id = m_nextId++;
    if (m_uploadLimit > 0 && request.file.size > m_uploadLimit) {
        refuseTooLarge(id, request.file.size, done);
        return id;
    }
    QIODevice *body = nullptr;
    if (request.asCiphertext)
        body = new QFile(QDir(m_mediaPath).filePath(request.file.fileName));
    else
        body = new CtrDecryptingDevice(m_mediaPath, request.file);
    if (!body->open(QIODevice::ReadOnly) || body->size() != request.file.size) {
        // The staged copy is gone or damaged: nothing to retry (the message fails with the reason).
        qCWarning(lcUpload) << "staged file" << request.file.fileName << "cannot be read";
        delete body;
        MatrixError error = MatrixError::invalidResponse(QStringLiteral("the staged copy of the file cannot be read"));
        QTimer::singleShot(0, this, [done, error] { done(error, {}); });
        m_uploads.insert(id, {}); // so that cancel() before the callback is harmless
        QTimer::singleShot(0, this, [this, id] { m_uploads.remove(id); });
        return id;
    }
    const QString contentType =
        request.contentType.isEmpty() ? QStringLiteral("application/octet-stream") : request.contentType;
    PendingRequest *pending = m_api->upload(body, request.file.size, contentType, request.fileName, m_retry);
    m_uploads.insert(id, Upload{body, pending, request.file.size, done});
    connect(pending, &PendingRequest::retrying, this, &StagedFileUploader::retrying);
    connect(pending, &PendingRequest::uploadProgress, this,
            [progress](qint64 sent, qint64 total) { if (progress) progress(sent, total); });
    connect(pending, &PendingRequest::finished, this, [this, id, done](const HttpResponse &response) {
        if (!m_uploads.contains(id))
            return; // cancelled
        finish(id);
        if (!response.ok()) {
            done(response.error, {});
            return;
        }
        const MxcUri uri = MediaApi::uploadedUri(response);
        if (!uri.isValid()) {
            done(MatrixError::invalidResponse(QStringLiteral("the upload was answered without a valid content URI")), {});
            return;
        }
        done({}, uri.toString());
    });
    return id;
}

void StagedFileUploader::setUploadLimit(qint64 bytes)
{
    m_uploadLimit = bytes;
    if (bytes <= 0)
        return;
    QList<quint64> over;
    for (auto it = m_uploads.cbegin(); it != m_uploads.cend(); ++it) {
        if (it->size > bytes && it->done)
            over.append(it.key());
    }
    for (quint64 id : over) {
        const Upload upload = m_uploads.value(id);
        cancel(id);
        refuseTooLarge(id, upload.size, upload.done);
    }
}

void StagedFileUploader::refuseTooLarge(quint64 id, qint64 size, Done done)
{
    qCInfo(lcUpload) << "staged file of" << size << "bytes not sent: the server accepts at most" << m_uploadLimit;
    MatrixError error; // as the server says it when it does answer
    error.kind = MatrixError::Kind::Matrix;
    error.httpStatus = 413;
    error.errcode = QStringLiteral("M_TOO_LARGE");
    error.message = QStringLiteral("%1 bytes, over the server's limit of %2 bytes").arg(size).arg(m_uploadLimit);
    m_uploads.insert(id, {}); // so that cancel() before the callback is harmless
    QTimer::singleShot(0, this, [this, id, done, error] {
        if (!m_uploads.contains(id))
            return; // cancelled meanwhile
        m_uploads.remove(id);
        done(error, {});
    });
}

void StagedFileUploader::cancel(quint64 uploadId)
{
    auto it = m_uploads.find(uploadId);
    if (it == m_uploads.end())
        return;
    QPointer<PendingRequest> request = it->request;
    finish(uploadId); // first: finished() from cancel() below then finds nothing to answer
    if (request)
        request->cancel();
}

void StagedFileUploader::finish(quint64 id)
{
    auto it = m_uploads.find(id);
    if (it == m_uploads.end())
        return;
    QIODevice *body = it->body;
    m_uploads.erase(it);
    if (body)
        body->deleteLater(); // the request may still read it while it unwinds
}

} // namespace estafette
