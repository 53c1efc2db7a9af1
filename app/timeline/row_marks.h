#pragma once

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>

class QPainter;

namespace estafette {

// Small drawn signs of the timeline (no image files: they follow the text colour and scale with the font).
class RowMarks {
public:
    // A clock: the message is being sent.
    static void paintClock(QPainter *painter, const QPointF &centre, const QColor &color);
    // A filled warning triangle with an exclamation mark.
    static void paintWarningSign(QPainter *painter, const QRectF &rect, const QColor &color);
    // A circled question mark: the sender of this message is not confirmed.
    static void paintQuestionMark(QPainter *painter, const QPointF &centre, const QColor &color, const QFont &font);
};

} // namespace estafette
