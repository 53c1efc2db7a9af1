#pragma once

#include "timeline/picture_painter.h"

namespace estafette {

// A video (m.video): its poster (the thumbnail) or a dark box, a play badge in the middle and its duration in
// a corner. Clicking it plays it.
class VideoPainter : public PicturePainter {
protected:
    TimelineAction mainAction() const override { return TimelineAction::Play; }
    void paintPicture(QPainter *painter, const TimelineRow &row, const QRect &box,
                      const ThumbnailSource::Result &picture) const override;
};

} // namespace estafette
