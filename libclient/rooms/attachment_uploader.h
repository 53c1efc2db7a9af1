#pragma once

#include "media/outgoing_attachment.h"
#include "net/matrix_error.h"

#include <QString>

#include <functional>

namespace estafette {

// How the outbox uploads a staged file (POST /_matrix/media/v3/upload), so that it needs no network code of its
// own; implemented over the media API, scripted in tests.
class AttachmentUploader {
public:
    struct Request {
        StagedFile file;          // under the account's media folder, encrypted at rest
        // true: the staged ciphertext as it is on disk (an encrypted room: the event's `file` describes it);
        // false: decrypted while it is streamed (a room in the clear). The plaintext never touches the disk.
        bool asCiphertext = false;
        QString contentType;      // "application/octet-stream" for ciphertext
        QString fileName;         // for the upload's filename parameter; empty for ciphertext (it would leak)
    };
    // Bytes of this upload sent so far; `total` is the file's size.
    using Progress = std::function<void(qint64 sent, qint64 total)>;
    // The server's content URI (mxc://…) on success, or why not. A transient error (network, 5xx, 429) makes the
    // outbox try again later; any other error fails the message (413 / M_TOO_LARGE, 403, an unreadable file…).
    using Done = std::function<void(const MatrixError &error, const QString &contentUri)>;

    virtual ~AttachmentUploader() = default;
    // Starts one upload and returns its id (never 0). `done` is called exactly once, on the caller's thread and
    // never from within upload(), unless cancel() was called first; `progress` only before `done`.
    virtual quint64 upload(const Request &request, Progress progress, Done done) = 0;
    // Aborts the upload; neither callback is called afterwards. An unknown or finished id is ignored.
    virtual void cancel(quint64 uploadId) = 0;
};

} // namespace estafette
