#include "timeline/image_painter.h"

#include "timeline/timeline_row.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace estafette {

namespace {
// A framed landscape (a sun over two hills), drawn: the sign of a picture still on its way.
void paintPictureSign(QPainter *painter, const QRectF &rect, const QColor &color)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(rect, 3, 3);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    const qreal w = rect.width();
    const qreal h = rect.height();
    painter->drawEllipse(QPointF(rect.left() + w * 0.7, rect.top() + h * 0.32), w * 0.09, w * 0.09);
    QPainterPath hills;
    hills.moveTo(rect.left() + w * 0.08, rect.bottom() - h * 0.1);
    hills.lineTo(rect.left() + w * 0.38, rect.top() + h * 0.42);
    hills.lineTo(rect.left() + w * 0.58, rect.top() + h * 0.68);
    hills.lineTo(rect.left() + w * 0.72, rect.top() + h * 0.55);
    hills.lineTo(rect.right() - w * 0.08, rect.bottom() - h * 0.1);
    hills.closeSubpath();
    painter->drawPath(hills);
    painter->restore();
}
} // namespace

void ImagePainter::paintPicture(QPainter *painter, const TimelineRow &row, const QRect &box,
                                const ThumbnailSource::Result &picture) const
{
    const QColor background = row.palette.color(QPalette::AlternateBase);
    if (picture.state == ThumbnailSource::State::Ready && !picture.image.isNull()) {
        paintImage(painter, box, picture.image, background);
        return;
    }
    painter->fillRect(box, background);
    const qreal side = std::min<qreal>(40, std::min(box.width(), box.height()) * 0.45);
    paintPictureSign(painter, QRectF(box.center().x() - side / 2, box.center().y() - side * 0.4, side, side * 0.8),
                     row.palette.color(QPalette::Mid));
}

} // namespace estafette
