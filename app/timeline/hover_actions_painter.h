#pragma once

#include "timeline/timeline_action.h"

#include <QRect>

class QPainter;

namespace estafette {

struct TimelineRow;

// Under the pointer, a sent message shows three small buttons at the top right of its row: react, reply, and
// the message menu (the same actions as the context menu, which the keyboard reaches with the Menu key).
class HoverActionsPainter {
public:
    // Where the buttons go for a row painted in `rowRect` whose first line starts at `top`; empty when the row has
    // none (not a sent message, or deleted).
    static QRect area(const TimelineRow &row, const QRect &rowRect, int top);
    static void paint(QPainter *painter, const TimelineRow &row, const QRect &area);
    static TimelineAction actionAt(const QRect &area, const QPoint &pos);
};

} // namespace estafette
