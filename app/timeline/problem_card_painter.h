#pragma once

#include "timeline/row_painter.h"

namespace estafette {

// Media that cannot be shown as what it claims to be (malformed content, a picture that failed to arrive or
// to decode, a disguised program): a card with a warning sign, the file's name and the sentence that says what
// is wrong (row.problem), wrapped. Never the content itself, and no buttons.
class ProblemCardPainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;

private:
    static int sentenceWidth(const TimelineRow &row);
};

} // namespace estafette
