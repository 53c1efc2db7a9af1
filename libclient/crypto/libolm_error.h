#pragma once

#include "crypto/crypto_error.h"

#include <olm/error.h>

namespace estafette {

// Maps a libolm error code (from olm_*_last_error_code) onto the backend-neutral CryptoError.
CryptoError cryptoErrorFromOlm(OlmErrorCode code);

} // namespace estafette
