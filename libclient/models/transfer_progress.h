#pragma once

#include <QMetaType>
#include <QtGlobal>

namespace estafette {

// How far one upload or download got, in bytes. 0 of 0 when nothing is known yet (waiting to start).
struct TransferProgress {
    qint64 done = 0;
    qint64 total = 0;

    bool isKnown() const { return total > 0; }
    // 0…1; 0 while the total is unknown.
    double fraction() const { return total > 0 ? double(qBound<qint64>(0, done, total)) / double(total) : 0.0; }
    bool operator==(const TransferProgress &other) const { return done == other.done && total == other.total; }
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::TransferProgress)
