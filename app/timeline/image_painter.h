#pragma once

#include "timeline/picture_painter.h"

namespace estafette {

// An image (m.image): its thumbnail in a box of the announced size; a quiet placeholder with a picture sign
// until the thumbnail is there. Clicking it opens the viewer.
class ImagePainter : public PicturePainter {
protected:
    TimelineAction mainAction() const override { return TimelineAction::OpenImage; }
    void paintPicture(QPainter *painter, const TimelineRow &row, const QRect &box,
                      const ThumbnailSource::Result &picture) const override;
};

} // namespace estafette
