#include "timeline/hover_actions_painter.h"

#include "timeline/timeline_row.h"

#include <QPainter>
#include <QPainterPath>

namespace estafette {

namespace {
constexpr int kButton = 26;
constexpr int kCount = 3;
const TimelineAction kActions[kCount] = {TimelineAction::HoverReact, TimelineAction::HoverReply,
                                         TimelineAction::HoverMenu};

QRect buttonRect(const QRect &area, int i)
{
    return {area.left() + i * kButton, area.top(), kButton, kButton};
}
} // namespace

QRect HoverActionsPainter::area(const TimelineRow &row, const QRect &rowRect, int top)
{
    if (!TimelineRow::isMessage(row.kind) || row.redacted || row.eventId().isEmpty())
        return {};
    const int width = kButton * kCount;
    return {rowRect.right() - TimelineStyle::kRight - width, rowRect.top() + top, width, kButton};
}

void HoverActionsPainter::paint(QPainter *painter, const TimelineRow &row, const QRect &area)
{
    if (area.isEmpty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPainterPath frame;
    frame.addRoundedRect(QRectF(area).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    painter->fillPath(frame, row.palette.color(QPalette::Base));
    painter->setPen(row.palette.color(QPalette::Mid));
    painter->drawPath(frame);
    painter->setPen(row.palette.color(QPalette::Text));
    painter->setFont(row.fonts->body);
    // A face for reactions, an arrow for reply, three dots for the menu.
    const QString glyphs[kCount] = {QStringLiteral("☺"), QStringLiteral("↩"), QStringLiteral("⋯")};
    for (int i = 0; i < kCount; ++i)
        painter->drawText(buttonRect(area, i), Qt::AlignCenter, glyphs[i]);
    painter->restore();
}

TimelineAction HoverActionsPainter::actionAt(const QRect &area, const QPoint &pos)
{
    for (int i = 0; i < kCount; ++i) {
        if (buttonRect(area, i).contains(pos))
            return kActions[i];
    }
    return TimelineAction::None;
}

} // namespace estafette
