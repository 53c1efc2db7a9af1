#include "timeline/sender_header_painter.h"

#include "timeline/timeline_row.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace estafette {

int SenderHeaderPainter::height(const TimelineFonts &fonts)
{
    return QFontMetrics(fonts.name).height() + 2;
}

void SenderHeaderPainter::paint(QPainter *painter, const TimelineRow &row, const QPoint &topLeft)
{
    const TimelineFonts &f = *row.fonts;
    const QString name = row.index.data(TimelineModel::SenderNameRole).toString();
    const QFontMetrics nameMetrics(f.name);
    const int available = row.bodyWidth - 80;
    const int advance = nameMetrics.horizontalAdvance(name);
    const QString shown = advance <= available ? name : nameMetrics.elidedText(name, Qt::ElideRight, available);
    const int nameWidth = std::min(advance, available);
    painter->setFont(f.name);
    painter->setPen(TimelineStyle::senderColor(row.index.data(TimelineModel::SenderIdRole).toString()));
    painter->drawText(QRect(topLeft.x(), topLeft.y(), nameWidth + 8, nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, shown);
    painter->setFont(f.small);
    painter->setPen(TimelineStyle::mutedColor(row.palette));
    const QString time = QLocale().toString(row.time().time(), QLocale::ShortFormat);
    painter->drawText(QRect(topLeft.x() + nameWidth + 8, topLeft.y(), 100, nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, time);
}

} // namespace estafette
