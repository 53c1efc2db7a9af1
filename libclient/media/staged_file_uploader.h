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
    // The server's m.upload.size (0: not known, or none). A staged file larger than it is refused as the server
    // would refuse it (413 M_TOO_LARGE: the message fails with the reason) instead of being sent: Synapse only cuts
    // the connection once the body passes its limit, which looks like a network failure and would be retried
    // without end. Uploads already running (or waiting to try again) over a limit learnt now are stopped that way.
    void setUploadLimit(qint64 bytes);
    int activeUploads() const { return int(m_uploads.size()); }

    quint64 upload(const Request &request, Progress progress, Done done) override;
    void cancel(quint64 uploadId) override;

signals:
    // An upload failed for a transient reason and will be tried again (whoever does not know the limit yet may
    // ask for it now).
    void retrying();

private:
    struct Upload {
        QIODevice *body = nullptr;       // owned
        QPointer<PendingRequest> request;
        qint64 size = 0;
        Done done;
    };
    void finish(quint64 id);
    void refuseTooLarge(quint64 id, qint64 size, Done done); // done(413 M_TOO_LARGE) from the event loop
    MediaApi *m_api;
    QString m_mediaPath;
    RetryPolicy m_retry{0, 1000, 30000};
    QHash<quint64, Upload> m_uploads;
    quint64 m_nextId = 1;
    qint64 m_uploadLimit = 0;
};

} // namespace estafette
