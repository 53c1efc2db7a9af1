#include "media/media_error.h"

namespace estafette {

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

} // namespace estafette
