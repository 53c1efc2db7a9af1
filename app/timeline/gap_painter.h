#pragma once

#include <QRect>

class QPainter;
class QPalette;

namespace estafette {

struct TimelineFonts;

// A gap in the timeline (messages the server skipped): a dashed line and a link that loads them. A whole row.
class GapPainter {
public:
    static int height();
    static void paint(QPainter *painter, const QRect &rect, const QPalette &palette, const TimelineFonts &fonts);
};

} // namespace estafette
