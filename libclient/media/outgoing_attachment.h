#pragma once

#include "media/attachment_cipher.h"

#include <QString>

namespace estafette {

// A file kept under the account's media folder, encrypted at rest: AES-256-CTR (the attachment format, v2) with
// a single-use key that lives only in the database, never beside the file. Ciphertext and plaintext have the
// same size. Staged uploads and cached downloads are both kept this way.
struct StagedFile {
    QString fileName;          // relative to the account's media folder, e.g. "staging/3f9a…"; never a user's name
    EncryptedFileInfo cipher;  // key, IV and SHA-256 of the ciphertext on disk; url empty
    qint64 size = 0;           // bytes
    bool isValid() const { return !fileName.isEmpty() && cipher.validate().ok(); }
};

// One attachment the composer accepted: staged (metadata already stripped, thumbnail already made), described,
// and how far its upload got. What the outbox persists with its entry and what the event content is made from.
// For an encrypted room the staged ciphertext is uploaded as it is and `file.cipher` (with the mxc URI) is the
// event's `file`; for a room in the clear the upload decrypts the staged file while it streams it.
struct OutgoingAttachment {
    QString msgtype;           // "m.image", "m.video", "m.audio" or "m.file"
    QString fileName;          // the name shown (the original file's name, or "image.png" for pasted data)
    QString caption;           // optional: when set it is the body and fileName goes in "filename"
    QString mimeType;          // from the content (QMimeDatabase), not only the name
    StagedFile file;
    int width = 0;             // m.image, m.video (pixels, as displayed: orientation applied)
    int height = 0;
    qint64 durationMs = 0;     // m.video, m.audio; 0 when unknown

    StagedFile thumbnail;      // m.image and m.video when one could be made; fileName empty otherwise
    QString thumbnailMimeType; // "image/jpeg" or "image/png"
    int thumbnailWidth = 0;
    int thumbnailHeight = 0;

    // Progress, persisted as each step completes: an upload done before a crash is not done again.
    QString thumbnailUrl;      // mxc:// once the thumbnail is uploaded
    QString fileUrl;           // mxc:// once the file is uploaded
    bool uploadedEncrypted = false; // those URLs name the staged ciphertext (encrypted room), not the plaintext

    bool hasThumbnail() const { return !thumbnail.fileName.isEmpty(); }
};

} // namespace estafette
