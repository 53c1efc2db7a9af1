#include "timeline/state_summary_painter.h"

#include "timeline/state_runs.h"
#include "timeline/timeline_row.h"

#include <QPainter>
#include <QPainterPath>

namespace estafette {

namespace {
constexpr int kTriangle = 14; // room left of the sentence for the triangle
constexpr int kSpacing = 3;   // between the line and the row's own sentence when open

int textWidth(const TimelineRow &row)
{
    return std::max(20, row.bodyWidth - kTriangle);
}

const TextLayoutCache::Entry &lineLayout(const TimelineRow &row)
{
    return row.layouts->layout(row.layoutKey(QLatin1String("summary")), StateSummaryPainter::lineText(row),
                               row.fonts->state, textWidth(row));
}
} // namespace

QString StateSummaryPainter::lineText(const TimelineRow &row)
{
    return row.stateRun.summary + QChar::Nbsp + StateRuns::countText(row.stateRun.events);
}

int StateSummaryPainter::lineHeight(const TimelineRow &row)
{
    return lineLayout(row).height;
}

int StateSummaryPainter::bodyHeight(const TimelineRow &row) const
{
    int height = lineHeight(row);
    if (row.stateRun.expanded)
        height += kSpacing + row.bodyLayout(row.fonts->state).height;
    return height;
}

void StateSummaryPainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const TextLayoutCache::Entry &line = lineLayout(row);
    const QColor muted = TimelineStyle::mutedColor(row.palette);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // ▸ closed, ▾ open: drawn, not a glyph, so that it does not depend on the font.
    const QFontMetricsF metrics(row.fonts->state);
    const QPointF c(body.left() + kTriangle / 2.0 - 2, body.top() + metrics.height() / 2.0);
    const qreal s = std::max(3.0, metrics.height() / 4.5);
    QPainterPath triangle;
    if (row.stateRun.expanded) {
        triangle.moveTo(c.x() - s, c.y() - s * 0.6);
        triangle.lineTo(c.x() + s, c.y() - s * 0.6);
        triangle.lineTo(c.x(), c.y() + s * 0.8);
    } else {
        triangle.moveTo(c.x() - s * 0.6, c.y() - s);
        triangle.lineTo(c.x() + s * 0.8, c.y());
        triangle.lineTo(c.x() - s * 0.6, c.y() + s);
    }
    triangle.closeSubpath();
    painter->fillPath(triangle, row.palette.color(QPalette::Text));
    painter->restore();

    // The sentence in the text's colour (it is what the line is about), the count muted.
    const int countFrom = int(row.stateRun.summary.size()) + 1;
    QTextLayout::FormatRange count;
    count.start = countFrom;
    count.length = int(line.text.size()) - countFrom;
    count.format.setForeground(muted);
    painter->setPen(row.palette.color(QPalette::Text));
    line.layout.draw(painter, QPointF(body.left() + kTriangle, body.top()), {count});

    if (row.stateRun.expanded) {
        painter->setPen(muted);
        row.bodyLayout(row.fonts->state).layout.draw(painter, QPointF(body.left(), body.top() + line.height + kSpacing));
    }
}

TimelineAction StateSummaryPainter::actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const
{
    const QRect line(body.left(), body.top(), body.width(), lineHeight(row));
    return line.contains(pos) ? TimelineAction::ToggleStateRun : TimelineAction::None;
}

} // namespace estafette
