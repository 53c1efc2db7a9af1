#pragma once

#include "net/matrix_error.h"

#include <QMetaType>
#include <QString>

namespace estafette {

// Why a media file could not be had, as a value; the app turns it into a sentence.
struct MediaError {
    enum class Kind {
        None,
        InvalidUri,      // not an mxc:// URI the spec allows
        InvalidFileInfo, // the encrypted attachment's description is unusable (key, IV, hash), or it names a key
                         // other than the one this very ciphertext was received with
        NotFound,        // the server has no such media (404 / M_NOT_FOUND)
        TooLarge,        // bigger than allowed (announced or received), or the server said M_TOO_LARGE
        Truncated,       // the body ended before its announced length, again after the retries
        HashMismatch,    // the ciphertext is not the one announced: refused, nothing kept, nothing decrypted
        Network,         // could not reach the server (after the retries)
        Server,          // the server refused (see `server`)
        Storage,         // the cache file could not be written (disk full, permissions...)
        Cancelled,
    };
    Kind kind = Kind::None;
    MatrixError server; // the request's error for Network, Server, NotFound, TooLarge, Truncated
    QString detail;     // for logs; never key material

    bool ok() const { return kind == Kind::None; }
    static MediaError make(Kind kind, const QString &detail = {}, const MatrixError &server = {})
    {
        MediaError e;
        e.kind = kind;
        e.detail = detail;
        e.server = server;
        return e;
    }
    static const char *kindName(Kind kind);
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::MediaError)
