#pragma once

#include "timeline/row_painter.h"

namespace estafette {

// A state change ("Bob changed the topic to …") or an event Estafette does not show: a small, muted,
// italic sentence.
class StateChangePainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;
};

} // namespace estafette
