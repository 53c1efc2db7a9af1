#pragma once

#include "timeline/timeline_action.h"

#include <QPoint>
#include <QRect>

class QPainter;

namespace estafette {

struct TimelineRow;

// Paints the body of one kind of timeline row: what is under the sender's name, above the footer. The delegate
// lays out what all rows share (day separator, sender header, send state, footer) around it.
class RowPainter {
public:
    virtual ~RowPainter() = default;

    // The body's height for the row's width (row.bodyWidth). Must not depend on anything that arrives later
    // (an image being downloaded), so that the row keeps its height.
    virtual int bodyHeight(const TimelineRow &row) const = 0;
    // `body` is where the body goes, in the view's coordinates (its left margin is free for marks).
    virtual void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const = 0;
    // What a click at `pos` (view coordinates) inside `body` asks for.
    virtual TimelineAction actionAt(const TimelineRow & /*row*/, const QRect & /*body*/, const QPoint & /*pos*/) const
    {
        return TimelineAction::None;
    }
};

} // namespace estafette
