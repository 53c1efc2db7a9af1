#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>

namespace estafette {

// The fonts of one timeline row, derived from the view's font.
struct TimelineFonts {
    QFont body, name, small, state, emote, placeholder;
    static TimelineFonts from(const QFont &base);
};

// Measures and colours shared by the timeline's painters, so that every kind of row lines up with the others.
class TimelineStyle {
public:
    static constexpr int kLeft = 16;        // margin left of the body (the padlock of a placeholder sits in it)
    static constexpr int kRight = 32;       // room for the sending clock
    static constexpr int kHeaderGap = 8;    // space above a sender's first message
    static constexpr int kGroupedGap = 1;
    static constexpr int kBottom = 3;
    static constexpr int kGapRowHeight = 36;
    static constexpr qint64 kGroupSeconds = 5 * 60;

    // The width left for a row's body in a view `viewWidth` wide.
    static int bodyWidth(int viewWidth) { return viewWidth - kLeft - kRight < 40 ? 40 : viewWidth - kLeft - kRight; }
    // The colour of a sender's name: stable across runs (unlike qHash), one of a few readable colours.
    static QColor senderColor(const QString &userId);
    static QColor mutedColor(const QPalette &palette) { return palette.color(QPalette::PlaceholderText); }
    static QColor failedColor() { return {0xce, 0x05, 0x00}; }
};

} // namespace estafette
