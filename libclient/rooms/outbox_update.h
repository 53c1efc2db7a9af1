#pragma once

#include "events/event.h"
#include "net/matrix_error.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace estafette {

// What happened to one outbox entry, as the outbox announces it. The outbox never touches a timeline: the rooms
// side (LocalEchoApplier) turns these into local echoes, their send state and their upload progress.
struct OutboxUpdate {
    enum class Kind {
        Queued,    // a new entry (accepted by the composer, or restored from the store): `echo` is its local echo
        Accepted,  // the journal committed it: from now on it survives a crash
        Sending,   // on its way again (retry of a Failed entry)
        Progress,  // upload progress: `transferred` of `total` bytes
        Sent,      // the server stored it as `eventId`: out of the outbox
        Failed,    // permanently, with `error`: waits for retry or discard
        Cancelled, // discarded (a Failed entry) or cancelled (before it went out): out of the outbox
    };
    Kind kind = Kind::Queued;
    QString roomId;
    QString transactionId;
    Event echo;             // Queued
    qint64 transferred = 0; // Progress
    qint64 total = 0;       // Progress
    QString eventId;        // Sent
    QJsonObject content;    // Sent: the content as sent (an attachment's now names its uploads)
    MatrixError error;      // Failed
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::OutboxUpdate)
