#pragma once

#include "timeline/row_painter.h"

namespace estafette {

// An encrypted message that could not be decrypted: its sentence (the model's body says why) muted and in
// italics, a padlock in the left margin; one that was refused (a replayed key, another room's) in red.
class UndecryptablePainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;
};

} // namespace estafette
