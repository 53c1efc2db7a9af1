#pragma once

#include <QColor>
#include <QIcon>

namespace estafette {

// The paperclip of the attach button, drawn (no icon theme needed; follows the text colour).
class PaperclipIcon {
public:
    static QIcon icon(int side, const QColor &color, qreal devicePixelRatio = 1.0);
};

} // namespace estafette
