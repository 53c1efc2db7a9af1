#include "lock_icon.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace estafette {

void LockIcon::paint(QPainter *painter, const QRectF &rect, const QColor &color, Shape shape)
{
    const qreal h = std::min(rect.height(), rect.width() * 1.25);
    const qreal w = h * 0.8;
    const QRectF box(rect.center().x() - w / 2, rect.center().y() - h / 2, w, h);
    const qreal stroke = std::max(1.0, h / 9);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // Body: the lower 55 %, slightly rounded.
    const QRectF body(box.left(), box.top() + h * 0.45, w, h * 0.55);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(body, stroke * 0.8, stroke * 0.8);
    // Shackle: an arch over the body; open, it is lifted (within the same box) and its right leg stops short.
    const qreal archWidth = w * 0.62;
    const qreal left = box.center().x() - archWidth / 2 + stroke / 2;
    const qreal right = box.center().x() + archWidth / 2 - stroke / 2;
    const qreal top = box.top() + stroke / 2 + (shape == Shape::Open ? 0 : h * 0.1);
    const qreal radius = (right - left) / 2;
    QPainterPath arch;
    arch.moveTo(left, body.top());
    arch.lineTo(left, top + radius);
    arch.arcTo(QRectF(left, top, right - left, 2 * radius), 180, -180);
    arch.lineTo(right, shape == Shape::Open ? top + radius + h * 0.05 : body.top());
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(color, stroke, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
    painter->drawPath(arch);
    painter->restore();
}

QPixmap LockIcon::pixmap(int height, const QColor &color, Shape shape, qreal devicePixelRatio)
{
    const int width = (height * 4 + 4) / 5;
    QPixmap pixmap(QSize(width, height) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    paint(&painter, QRectF(0, 0, width, height), color, shape);
    return pixmap;
}

} // namespace estafette
