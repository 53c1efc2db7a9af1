#pragma once

#include "models/thumbnail_source.h"
#include "timeline/row_painter.h"

#include <QSize>

namespace estafette {

// What images and videos share: a box of the announced size (MediaBox) holding the picture once it is there
// and a placeholder until then, the caption under it, and while a transfer runs its progress over the
// picture's bottom with a cancel button in its corner. Clicking the picture does mainAction().
class PicturePainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;
    TimelineAction actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const override;

    static QRect boxRect(const TimelineRow &row, const QRect &body);
    static QRect cancelRect(const QRect &box);

protected:
    virtual TimelineAction mainAction() const = 0;
    // The box's content: `picture` is what the thumbnail source has of it (Ready, or not yet).
    virtual void paintPicture(QPainter *painter, const TimelineRow &row, const QRect &box,
                              const ThumbnailSource::Result &picture) const = 0;
    // The picture drawn to fit in the box, centred on `background`.
    static void paintImage(QPainter *painter, const QRect &box, const QImage &image, const QColor &background);

private:
    static ThumbnailSource::Result fetch(const TimelineRow &row);
};

} // namespace estafette
