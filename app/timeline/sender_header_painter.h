#pragma once

class QPainter;
class QPoint;
class QRect;

namespace estafette {

struct TimelineFonts;
struct TimelineRow;

// The line above a sender's first message of a group: their avatar in a circle the height of the line (their
// initial until, or unless, the picture is there: the same space either way), their name in their colour
// (elided when long), then the time.
class SenderHeaderPainter {
public:
    static int height(const TimelineFonts &fonts);
    // The avatar's circle of a header line starting at `topLeft`.
    static QRect avatarRect(const TimelineFonts &fonts, const QPoint &topLeft);
    // `topLeft`: where the line starts (the avatar, then the name), in the view's coordinates.
    static void paint(QPainter *painter, const TimelineRow &row, const QPoint &topLeft);
};

} // namespace estafette
