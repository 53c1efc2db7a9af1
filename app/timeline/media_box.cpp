#include "timeline/media_box.h"

#include <algorithm>

namespace estafette {

QSize MediaBox::fit(const QSize &announced, int availableWidth, const QSize &fallback)
{
    const QSize size = announced.isValid() && !announced.isEmpty() ? announced : fallback;
    const int maxWidth = std::max(kMinSide, std::min(kMaxWidth, availableWidth));
    QSize fitted = size;
    if (fitted.width() > maxWidth || fitted.height() > kMaxHeight)
        fitted = size.scaled(maxWidth, kMaxHeight, Qt::KeepAspectRatio);
    return {std::clamp(fitted.width(), kMinSide, maxWidth), std::clamp(fitted.height(), kMinSide, kMaxHeight)};
}

QRect MediaBox::centred(const QSize &imageSize, const QRect &box)
{
    if (imageSize.isEmpty())
        return box;
    const QSize scaled = imageSize.scaled(box.size(), Qt::KeepAspectRatio);
    return {box.left() + (box.width() - scaled.width()) / 2, box.top() + (box.height() - scaled.height()) / 2,
            scaled.width(), scaled.height()};
}

} // namespace estafette
