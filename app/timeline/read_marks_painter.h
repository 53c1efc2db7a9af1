#pragma once

#include <QRect>
#include <QString>

class QPainter;

namespace estafette {

struct TimelineRow;

// What a row says about reading: small avatars of the members whose read receipt is at this message (right
// aligned, at most a few, then "+n"), and below the message our read marker is at, a "New messages" line (unless
// it is the last message).
class ReadMarksPainter {
public:
    static int receiptsHeight(const TimelineRow &row);
    static void paintReceipts(QPainter *painter, const TimelineRow &row, const QRect &rect);
    static int markerHeight(const TimelineRow &row);
    static void paintMarker(QPainter *painter, const TimelineRow &row, const QRect &rect);
    // "Read by Sophie, Paul" (tooltip and screen readers).
    static QString readBy(const TimelineRow &row);
};

} // namespace estafette
