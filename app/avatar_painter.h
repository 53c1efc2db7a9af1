#pragma once

#include <QColor>
#include <QImage>
#include <QString>

class QFont;
class QPainter;
class QRectF;

namespace estafette {

// A person's or a room's avatar in a circle: their picture when it is there, else their initial on a colour
// that depends on their id, the same wherever it is painted (room list, room header, timeline).
class AvatarPainter {
public:
    static QColor colorFor(const QString &id);
    // The first letter or digit of the name, upper case; "#" when there is none.
    static QString initialOf(const QString &name);
    // `font` is the base of the initial's (bold, sized to the circle), painted in white on `background`.
    static void paint(QPainter *painter, const QRectF &circle, const QImage &image, const QString &name,
                      const QColor &background, const QFont &font);
};

} // namespace estafette
