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
    const int status = error.httpStatus;
    if (error.isRateLimited() || status >= 500 || status == 408 || status == 425)
        return SyncFailure::Transient;
    if (error.kind == MatrixError::Kind::Http && status >= 400)
        return SyncFailure::Transient; // not the homeserver's verdict: something on the way answered
    return SyncFailure::Permanent;
}

} // namespace estafette
