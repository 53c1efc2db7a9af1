#pragma once

// A request the end-to-end encryption machine needs sent to the homeserver. The machine never does I/O: the
// caller sends each request and reports its answer back (see CryptoMachine).

#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

namespace estafette {

struct CryptoRequest {
    enum class Kind {
        None,
        KeysUpload,   // POST /keys/upload with `body`
        KeysQuery,    // POST /keys/query for `users`
        KeysClaim,    // POST /keys/claim with `body`
        KeysChanges,  // GET /keys/changes?from=`from`&to=`to`
        ToDevice,     // PUT /sendToDevice/`eventType`/`id` with `body` ({"messages": ...})
    };
    Kind kind = Kind::None;
    QString id;         // unique; the transaction id of a ToDevice request
    QString eventType;  // ToDevice
    QJsonObject body;
    QStringList users;  // KeysQuery
    QString from;       // KeysChanges
    QString to;         // KeysChanges
};

// A fresh transaction id for a to-device request (and a key request id).
QString newCryptoTransactionId();

} // namespace estafette

Q_DECLARE_METATYPE(estafette::CryptoRequest)
