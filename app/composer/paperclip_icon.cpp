#include "paperclip_icon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>

namespace estafette {

QIcon PaperclipIcon::icon(int side, const QColor &color, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(side, side) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    // Drawn upright on a 16-unit grid, then turned 45° like a clip holding a sheet.
    const qreal u = side / 16.0;
    painter.translate(side / 2.0, side / 2.0);
    painter.rotate(45);
    painter.translate(-8 * u, -8 * u);
    QPainterPath clip;
    clip.moveTo(10.5 * u, 5 * u);
    clip.lineTo(10.5 * u, 11.5 * u);
    clip.arcTo(QRectF(5.5 * u, 9 * u, 5 * u, 5 * u), 0, -180);
    clip.lineTo(5.5 * u, 4.5 * u);
    clip.arcTo(QRectF(5.5 * u, 1.5 * u, 3.5 * u, 3.5 * u), 180, -180);
    clip.lineTo(9 * u, 11 * u);
    clip.arcTo(QRectF(7 * u, 10 * u, 2 * u, 2 * u), 0, -180);
    clip.lineTo(7 * u, 5.5 * u);
    painter.setPen(QPen(color, std::max(1.2, 1.4 * u), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(clip);
    painter.end();
    return QIcon(pixmap);
}

} // namespace estafette
