#include "timeline/video_painter.h"

#include "timeline/media_text.h"
#include "timeline/timeline_row.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace estafette {

void VideoPainter::paintPicture(QPainter *painter, const TimelineRow &row, const QRect &box,
                                const ThumbnailSource::Result &picture) const
{
    const QColor dark(0x20, 0x20, 0x24);
    if (picture.state == ThumbnailSource::State::Ready && !picture.image.isNull())
        paintImage(painter, box, picture.image, dark);
    else
        painter->fillRect(box, dark);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // The play badge: a translucent disc with a white triangle.
    const qreal radius = std::min<qreal>(22, std::min(box.width(), box.height()) * 0.3);
    const QPointF centre = QRectF(box).center();
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0, 0, 0, 150));
    painter->drawEllipse(centre, radius, radius);
    painter->setBrush(Qt::white);
    const qreal t = radius * 0.45;
    const QPolygonF triangle{centre + QPointF(-t * 0.7, -t), centre + QPointF(-t * 0.7, t), centre + QPointF(t * 1.1, 0)};
    painter->drawPolygon(triangle);

    // The duration, bottom left, unless a transfer's progress is shown there.
    const QString duration = MediaText::duration(row.media.durationMs());
    if (!duration.isEmpty() && !row.uploading && !row.download) {
        const QFontMetrics metrics(row.fonts->small);
        const QRect pill(box.left() + 6, box.bottom() - metrics.height() - 8, metrics.horizontalAdvance(duration) + 10,
                         metrics.height() + 4);
        painter->setBrush(QColor(0, 0, 0, 170));
        painter->drawRoundedRect(pill, 4, 4);
        painter->setFont(row.fonts->small);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, duration);
    }
    painter->restore();
}

} // namespace estafette
