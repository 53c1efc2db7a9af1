#pragma once

#include <QDate>
#include <QRect>

class QPainter;
class QPalette;

namespace estafette {

struct TimelineFonts;

// The line that opens a new day above a row: "Today", "Yesterday" or the date, centred between two rules.
class DaySeparatorPainter {
public:
    static int height(const TimelineFonts &fonts);
    static void paint(QPainter *painter, const QRect &rect, const QDate &date, const TimelineFonts &fonts,
                      const QPalette &palette);
    static QString dayText(const QDate &date);
};

} // namespace estafette
