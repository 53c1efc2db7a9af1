#include "timeline/gap_painter.h"

#include "timeline/timeline_style.h"

#include <QCoreApplication>
#include <QPainter>

namespace estafette {

// Translated in the delegate's context, where these sentences have always been.
int GapPainter::height()
{
    return TimelineStyle::kGapRowHeight;
}

void GapPainter::paint(QPainter *painter, const QRect &rect, const QPalette &palette, const TimelineFonts &f)
{
    const QString text = QCoreApplication::translate("estafette::TimelineDelegate", "Some messages are missing — load them");
    const QFontMetrics metrics(f.body);
    const int textWidth = metrics.horizontalAdvance(text) + 24;
    const int y = rect.center().y();
    painter->setPen(QPen(palette.color(QPalette::Mid), 1, Qt::DashLine));
    painter->drawLine(rect.left() + TimelineStyle::kLeft, y, rect.center().x() - textWidth / 2, y);
    painter->drawLine(rect.center().x() + textWidth / 2, y, rect.right() - TimelineStyle::kLeft, y);
    QFont font = f.body;
    font.setUnderline(true);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::Link));
    painter->drawText(rect, Qt::AlignCenter, text);
}

} // namespace estafette
