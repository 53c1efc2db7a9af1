#pragma once

#include "net/matrix_error.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace estafette {

// Turns a room event into its m.room.encrypted form for an encrypted room (sharing the room key first as
// needed). The outbox uses it for every event of an encrypted room and never sends such an event in the clear.
class RoomEncryptor {
public:
    struct Result {
        bool ok = false;
        QJsonObject content;   // the m.room.encrypted content
        MatrixError error;     // why not (network errors are transient: the outbox retries)
    };
    virtual ~RoomEncryptor() = default;
    // True when this room was once seen encrypted: it stays so whatever its current state says (encryption can
    // never be turned off, so a state without m.room.encryption, e.g. served after a rejoin, is not believed).
    virtual bool remembersEncryption(const QString &roomId) const
    {
        Q_UNUSED(roomId);
        return false;
    }
    virtual void encrypt(const QString &roomId, const QString &type, const QJsonObject &content,
                         std::function<void(const Result &)> done) = 0;
};

} // namespace estafette
