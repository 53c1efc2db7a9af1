#include "timeline/media_caption.h"

#include "timeline/timeline_row.h"

#include <QPainter>

namespace estafette {

int MediaCaption::height(const TimelineRow &row)
{
    const QString caption = row.media.caption();
    if (caption.isEmpty())
        return 0;
    return kGap + row.layouts->layout(row.layoutKey(QLatin1String("caption")), caption, row.fonts->body, row.bodyWidth).height;
}

void MediaCaption::paint(QPainter *painter, const TimelineRow &row, int x, int top)
{
    const QString caption = row.media.caption();
    if (caption.isEmpty())
        return;
    const auto &entry = row.layouts->layout(row.layoutKey(QLatin1String("caption")), caption, row.fonts->body, row.bodyWidth);
    painter->setPen(row.sendState == SendState::Sending ? TimelineStyle::mutedColor(row.palette)
                                                        : row.palette.color(QPalette::Text));
    entry.layout.draw(painter, QPointF(x, top + kGap));
}

} // namespace estafette
