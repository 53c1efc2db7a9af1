#pragma once

#include "timeline/row_painter.h"

#include <QList>
#include <QPair>
#include <QRect>

namespace estafette {

// A file (m.file) or a sound (m.audio) as a card: a type icon (a play button for a sound), the name, the size
// (and a sound's duration), and Save / Open buttons (Save for a sound). While it uploads or downloads, the
// detail line is a progress bar and the buttons a Cancel button. In a narrow view the buttons go under the name.
class FileCardPainter : public RowPainter {
public:
    struct Layout {
        QRect card;
        QRect icon;
        QRect text; // name and detail lines
        QList<QPair<TimelineAction, QRect>> buttons;
    };

    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;
    TimelineAction actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const override;

    static Layout layout(const TimelineRow &row, const QRect &body);

private:
    static constexpr int kMinTextWidth = 90;
    static QString labelOf(TimelineAction action);
};

} // namespace estafette
