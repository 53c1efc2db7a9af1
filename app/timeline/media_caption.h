#pragma once

class QPainter;

namespace estafette {

struct TimelineRow;

// The caption under a picture or a file card (the message's body when it names a file of its own), wrapped.
class MediaCaption {
public:
    static constexpr int kGap = 4;
    // 0 when the row has no caption.
    static int height(const TimelineRow &row);
    static void paint(QPainter *painter, const TimelineRow &row, int x, int top);
};

} // namespace estafette
