#pragma once

#include "crypto/crypto_result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace estafette {

// Matrix canonical JSON (spec appendix "Canonical JSON"): UTF-8, no insignificant whitespace, object keys sorted
// by Unicode code point, strings escaped only where JSON requires it (", \ and U+0000..U+001F, with the short forms
// \b \f \n \r \t and lowercase \u00xx), numbers as integers in [-(2^53)+1, 2^53-1].
// InvalidJson for values that have no canonical form (non-integral or out-of-range numbers, undefined values).
CryptoResult<QByteArray> canonicalJson(const QJsonObject &object);
CryptoResult<QByteArray> canonicalJson(const QJsonValue &value);

} // namespace estafette
