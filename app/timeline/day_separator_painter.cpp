#include "timeline/day_separator_painter.h"

#include "timeline/timeline_style.h"

#include <QLocale>
#include <QCoreApplication>
#include <QPainter>

namespace estafette {

// Translated in the delegate's context, where these sentences have always been.
int DaySeparatorPainter::height(const TimelineFonts &fonts)
{
    return QFontMetrics(fonts.small).height() + 16;
}

QString DaySeparatorPainter::dayText(const QDate &date)
{
    const QDate today = QDate::currentDate();
    if (date == today)
        return QCoreApplication::translate("estafette::TimelineDelegate", "Today");
    if (date == today.addDays(-1))
        return QCoreApplication::translate("estafette::TimelineDelegate", "Yesterday");
    return QLocale().toString(date, QLocale::LongFormat);
}

void DaySeparatorPainter::paint(QPainter *painter, const QRect &rect, const QDate &date, const TimelineFonts &f,
                                const QPalette &palette)
{
    const QString text = dayText(date);
    QFont font = f.small;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const int textWidth = metrics.horizontalAdvance(text) + 24;
    const int y = rect.center().y();
    painter->setPen(palette.color(QPalette::Mid));
    painter->drawLine(rect.left() + TimelineStyle::kLeft, y, rect.center().x() - textWidth / 2, y);
    painter->drawLine(rect.center().x() + textWidth / 2, y, rect.right() - TimelineStyle::kLeft, y);
    painter->setFont(font);
    painter->setPen(TimelineStyle::mutedColor(palette));
    painter->drawText(rect, Qt::AlignCenter, text);
}

} // namespace estafette
