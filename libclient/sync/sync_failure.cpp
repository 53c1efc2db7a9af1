#include "sync/sync_failure.h"

namespace estafette {

SyncFailure classifySyncFailure(const MatrixError &error)
{
    if (error.isUnknownToken())
        return SyncFailure::TokenLost;
    switch (error.kind) {
    case MatrixError::Kind::Network:
    case MatrixError::Kind::Timeout:
    case MatrixError::Kind::Cancelled:       // not by us: our own cancellations never reach the loop
    case MatrixError::Kind::InvalidResponse: // no usable HTTP answer at all
        return SyncFailure::Transient;
    case MatrixError::Kind::Tls:
    case MatrixError::Kind::Encryption:
    case MatrixError::Kind::None:
        return SyncFailure::Permanent;
    case MatrixError::Kind::Http:
    case MatrixError::Kind::Matrix:
        break;
    }
    if (error.isHomeserverRefusal())
        return SyncFailure::Permanent;
    // 5xx, rate limits, 408, 425, or not the homeserver's verdict (something on the way answered).
    if (error.isRateLimited() || error.httpStatus >= 400)
        return SyncFailure::Transient;
    return SyncFailure::Permanent; // a redirect to another origin (the token never follows one)
}

} // namespace estafette
