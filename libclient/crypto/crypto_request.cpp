#include "crypto/crypto_request.h"

#include <QUuid>

namespace estafette {

QString newCryptoTransactionId()
{
    return QStringLiteral("e2e") + QUuid::createUuid().toString(QUuid::Id128);
}

} // namespace estafette
