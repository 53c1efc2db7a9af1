#pragma once

#include <QColor>
#include <QPixmap>
#include <QRectF>

class QPainter;

namespace estafette {

// The padlock of end-to-end encryption, drawn (no image file, so it follows the text colour and scales with
// the font): closed for encrypted, open for not encrypted. The same shape in the room header, the timeline
// and the dialogs.
class LockIcon {
public:
    enum class Shape { Closed, Open };

    // Paints the lock centred in `rect` (kept at its own 4:5 proportions).
    static void paint(QPainter *painter, const QRectF &rect, const QColor &color, Shape shape = Shape::Closed);
    // A transparent pixmap of `height` logical pixels for labels, sharp at the given device pixel ratio.
    static QPixmap pixmap(int height, const QColor &color, Shape shape = Shape::Closed, qreal devicePixelRatio = 1.0);
};

} // namespace estafette
