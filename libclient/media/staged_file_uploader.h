#pragma once

#include "net/retry_policy.h"
#include "rooms/attachment_uploader.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QIODevice;

namespace estafette {

class MediaApi;
class PendingRequest;

// The outbox's uploads over the media API: a staged file streamed from the account's media folder, as its
// ciphertext (an encrypted room) or decrypted while it is read (a room in the clear, CtrDecryptingDevice), so
// neither the whole file nor a plaintext copy is ever on disk or in memory. Transient failures are retried by
// the HTTP layer with `retry`, each attempt reading the file again from its start.
class StagedFileUploader : public QObject, public AttachmentUploader {
    Q_OBJECT
public:
    StagedFileUploader(MediaApi *api, const QString &mediaPath, QObject *parent = nullptr);
    ~StagedFileUploader() override;

    void setRetryPolicy(const RetryPolicy &retry) { m_retry = retry; }
    int activeUploads() const { return int(m_uploads.size()); }

    quint64 upload(const Request &request, Progress progress, Done done) override;
    void cancel(quint64 uploadId) override;

private:
    struct Upload {
        QIODevice *body = nullptr;       // owned
        QPointer<PendingRequest> request;
    };
    void finish(quint64 id);
    MediaApi *m_api;
    QString m_mediaPath;
    RetryPolicy m_retry{0, 1000, 30000};
    QHash<quint64, Upload> m_uploads;
    quint64 m_nextId = 1;
};

} // namespace estafette
