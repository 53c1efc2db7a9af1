#pragma once

#include "timeline/row_painter.h"

#include <QString>

namespace estafette {

// The first row of a run of state changes (StateRuns): a disclosure triangle, the run's sentence and, muted,
// how many events it holds ("▸ Paul created and configured the room (7 events)"). Opened, the triangle points
// down and the row's own sentence follows under the line, like the run's other rows, now shown. A click on the
// line opens or closes the run.
class StateSummaryPainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;
    TimelineAction actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const override;

    // The summary line as it reads: the sentence, then the count of events.
    static QString lineText(const TimelineRow &row);

private:
    static int lineHeight(const TimelineRow &row);
};

} // namespace estafette
