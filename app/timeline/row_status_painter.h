#pragma once

#include <QRect>

class QPainter;

namespace estafette {

struct TimelineRow;

// What every message row may say about its sending and its sender, whatever its kind: a clock in the right
// margin while it is sent, a question mark there when its sender is not confirmed, and a footer line under
// the body when it failed to send ("Not sent — click to retry…") or its sender is not authenticated.
class RowStatusPainter {
public:
    // The footer's height; 0 when the row has none.
    static int footerHeight(const TimelineRow &row);
    // Marks in the right margin of `rowRect`, beside the body's first line (whose centre is `firstLineCentre`).
    static void paintMargin(QPainter *painter, const TimelineRow &row, const QRect &rowRect, qreal firstLineCentre);
    // The footer, from (x, top) over the body's width.
    static void paintFooter(QPainter *painter, const TimelineRow &row, int x, int top);
};

} // namespace estafette
