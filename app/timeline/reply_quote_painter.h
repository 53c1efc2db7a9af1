#pragma once

#include <QRect>

class QPainter;

namespace estafette {

struct TimelineRow;

// The message a reply answers, above the reply's body: a bar in the original sender's colour, their name and the
// first line of what they wrote, or "Original message not loaded" (a click loads and shows it either way).
class ReplyQuotePainter {
public:
    static int height(const TimelineRow &row); // 0 when the row is not a reply
    static void paint(QPainter *painter, const TimelineRow &row, const QRect &rect);
};

} // namespace estafette
