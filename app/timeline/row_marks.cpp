#include "timeline/row_marks.h"

#include <QPainter>
#include <QPolygonF>

#include <algorithm>

namespace estafette {

void RowMarks::paintClock(QPainter *painter, const QPointF &centre, const QColor &color)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.4));
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(centre, 6, 6);
    painter->drawLine(centre, centre + QPointF(0, -4));
    painter->drawLine(centre, centre + QPointF(3, 0));
    painter->restore();
}

void RowMarks::paintWarningSign(QPainter *painter, const QRectF &rect, const QColor &color)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal side = std::min(rect.width(), rect.height()) - 1;
    const QPointF top(rect.center().x(), rect.center().y() - side / 2);
    const QPolygonF triangle{top, QPointF(top.x() + side / 2, top.y() + side), QPointF(top.x() - side / 2, top.y() + side)};
    painter->setPen(QPen(color, 1.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(color);
    painter->drawPolygon(triangle);
    painter->setPen(QPen(Qt::white, std::max(1.2, side / 8), Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(QPointF(top.x(), top.y() + side * 0.35), QPointF(top.x(), top.y() + side * 0.65));
    painter->drawPoint(QPointF(top.x(), top.y() + side * 0.83));
    painter->restore();
}

void RowMarks::paintQuestionMark(QPainter *painter, const QPointF &centre, const QColor &color, const QFont &font)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.2));
    painter->setBrush(Qt::NoBrush);
    const QRectF circle(centre.x() - 6.5, centre.y() - 6.5, 13, 13);
    painter->drawEllipse(circle);
    QFont small = font;
    small.setBold(true);
    small.setPixelSize(9);
    painter->setFont(small);
    painter->drawText(circle, Qt::AlignCenter, QStringLiteral("?"));
    painter->restore();
}

} // namespace estafette
