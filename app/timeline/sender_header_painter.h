#pragma once

class QPainter;
class QPoint;

namespace estafette {

struct TimelineFonts;
struct TimelineRow;

// The line above a sender's first message of a group: their name in their colour (elided when long), then
// the time.
class SenderHeaderPainter {
public:
    static int height(const TimelineFonts &fonts);
    // `topLeft`: where the name starts, in the view's coordinates.
    static void paint(QPainter *painter, const TimelineRow &row, const QPoint &topLeft);
};

} // namespace estafette
