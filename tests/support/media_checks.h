#pragma once

#include "media/media_request.h"
#include "media/outgoing_attachment.h"
#include "support/synapse_fixture.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

namespace estafette {
class MediaFetch;
}

namespace estafette::test {

// A file of `size` pseudo-random bytes (from `seed`), written in chunks; false on failure.
bool writeRandomFile(const QString &path, qint64 size, quint32 seed);
// A sparse file of `size` zero bytes: nothing is written, so a file over a limit needs no disk space.
bool writeSparseFile(const QString &path, qint64 size);
// Files directly under <mediaPath>/<folder> ("staging", "cache"); none when it does not exist.
QStringList filesUnder(const QString &mediaPath, const QString &folder);
// Whether a sentence for the person gives `bytes` as the locale writes sizes (in SI, IEC or traditional units).
bool mentionsSize(const QString &sentence, qint64 bytes);

// SHA-256 of a file's bytes, read in chunks; empty when it cannot be read.
QByteArray sha256OfFile(const QString &path);
// SHA-256 of what a device gives from its position to its end, read in chunks; empty on a read error.
QByteArray sha256OfDevice(QIODevice &device);
// A staged or cached file under the media folder, read back through CtrDecryptingDevice (decrypted as it is
// read, nothing written): the SHA-256 of its plaintext, or its plaintext when small; empty on failure.
QByteArray plaintextSha256(const QString &mediaPath, const StagedFile &file);
QByteArray plaintextOf(const QString &mediaPath, const StagedFile &file, qint64 maxBytes = 32 << 20);

// Waits for the fetch's finished(); a timeout is reported as a Network error saying so.
FetchedMedia waitFetched(MediaFetch *fetch, int timeoutMs = 120000);

// How many media files the server holds for `userId` (Synapse's admin API, as `admin`); -1 with *error on failure.
int uploadedMediaCount(const TestServer &server, const TestUser &admin, const QString &userId, QString *error);

} // namespace estafette::test
