#include "timeline/state_change_painter.h"

#include "timeline/timeline_row.h"

#include <QPainter>

namespace estafette {

int StateChangePainter::bodyHeight(const TimelineRow &row) const
{
    return row.bodyLayout(row.fonts->state).height;
}

void StateChangePainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    painter->setPen(TimelineStyle::mutedColor(row.palette));
    row.bodyLayout(row.fonts->state).layout.draw(painter, body.topLeft());
}

} // namespace estafette
