#include "timeline/undecryptable_painter.h"

#include "lock_icon.h"
#include "timeline/timeline_row.h"

#include <QPainter>

#include <algorithm>

namespace estafette {

int UndecryptablePainter::bodyHeight(const TimelineRow &row) const
{
    return row.bodyLayout(row.fonts->placeholder).height;
}

void UndecryptablePainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const QColor color = row.security.mark() == MessageSecurity::Mark::Rejected ? TimelineStyle::failedColor()
                                                                                 : TimelineStyle::mutedColor(row.palette);
    painter->setPen(color);
    row.bodyLayout(row.fonts->placeholder).layout.draw(painter, body.topLeft());
    // A padlock in the left margin: this row stands for an encrypted message.
    const int lineHeight = QFontMetrics(row.fonts->body).height();
    const qreal firstLineCentre = body.top() + lineHeight / 2.0;
    const qreal h = std::min(12.0, lineHeight * 0.7);
    const int rowLeft = body.left() - TimelineStyle::kLeft;
    LockIcon::paint(painter, QRectF(rowLeft + 2, firstLineCentre - h / 2, TimelineStyle::kLeft - 5, h), color);
}

} // namespace estafette
