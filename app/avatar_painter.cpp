#include "avatar_painter.h"

#include <QPainter>
#include <QPainterPath>

namespace estafette {

QColor AvatarPainter::colorFor(const QString &id)
{
    static const QColor colors[] = {{0x00, 0x00, 0x91}, {0x8d, 0x24, 0x27}, {0x18, 0x75, 0x3c},
                                    {0x6e, 0x44, 0x5a}, {0x71, 0x5a, 0x00}, {0x00, 0x63, 0xcb}};
    uint hash = 0;
    for (QChar c : id)
        hash = hash * 31 + c.unicode();
    return colors[hash % (sizeof(colors) / sizeof(colors[0]))];
}

QString AvatarPainter::initialOf(const QString &name)
{
    for (QChar c : name) {
        if (c.isLetterOrNumber())
            return QString(c).toUpper();
    }
    return QStringLiteral("#");
}

void AvatarPainter::paint(QPainter *painter, const QRectF &circle, const QImage &image, const QString &name,
                          const QColor &background, const QFont &font)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (!image.isNull()) {
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        QPainterPath clip;
        clip.addEllipse(circle);
        painter->setClipPath(clip, Qt::IntersectClip);
        painter->drawImage(circle, image);
        painter->restore();
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawEllipse(circle);
    QFont initialFont = font;
    initialFont.setBold(true);
    initialFont.setPixelSize(std::max(6, int(circle.height() * 0.45)));
    painter->setFont(initialFont);
    painter->setPen(Qt::white);
    painter->drawText(circle, Qt::AlignCenter, initialOf(name));
    painter->restore();
}

} // namespace estafette
