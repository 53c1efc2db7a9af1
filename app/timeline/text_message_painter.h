#pragma once

#include "timeline/row_painter.h"

#include <QFont>

namespace estafette {

// A text message (m.text, m.emote in italics, m.notice muted), a deleted one, or one whose body is not text
// (a muted "Unreadable message"). Muted too while it is being sent.
class TextMessagePainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;

private:
    static const QFont &fontOf(const TimelineRow &row);
};

} // namespace estafette
