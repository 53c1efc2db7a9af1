#include "timeline/picture_painter.h"

#include "timeline/media_box.h"
#include "timeline/media_caption.h"
#include "timeline/media_text.h"
#include "timeline/row_thumbnail.h"
#include "timeline/timeline_row.h"
#include "timeline/transfer_bar.h"

#include <QPainter>
#include <QPainterPath>

namespace estafette {

namespace {
constexpr int kCancelSide = 24;
constexpr qreal kRadius = 6;
} // namespace

QRect PicturePainter::boxRect(const TimelineRow &row, const QRect &body)
{
    const QSize size = MediaBox::fit(RowThumbnail::announcedSize(row.media), row.bodyWidth,
                                     RowThumbnail::fallbackSize(row.kind));
    return {body.topLeft(), size};
}

QRect PicturePainter::cancelRect(const QRect &box)
{
    return {box.right() - kCancelSide - 5, box.top() + 6, kCancelSide, kCancelSide};
}

int PicturePainter::bodyHeight(const TimelineRow &row) const
{
    return boxRect(row, QRect()).height() + MediaCaption::height(row);
}

ThumbnailSource::Result PicturePainter::fetch(const TimelineRow &row)
{
    if (!row.thumbnails)
        return {};
    const auto request = RowThumbnail::requestFor(row.kind, row.media, row.transactionId(), row.devicePixelRatio);
    if (!request)
        return {};
    ThumbnailSource::Result result = row.thumbnails->thumbnail(request->key);
    if (result.state == ThumbnailSource::State::Unknown)
        row.thumbnails->request(*request); // asked for while painted: only what is seen is fetched
    return result;
}

void PicturePainter::paintImage(QPainter *painter, const QRect &box, const QImage &image, const QColor &background)
{
    painter->fillRect(box, background);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(MediaBox::centred(image.deviceIndependentSize().toSize(), box), image);
}

void PicturePainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const QRect box = boxRect(row, body);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath rounded;
    rounded.addRoundedRect(QRectF(box), kRadius, kRadius);
    painter->setClipPath(rounded, Qt::IntersectClip);
    paintPicture(painter, row, box, fetch(row));
    if (row.uploading) {
        TransferBar::paintOverlay(painter, box, row.upload,
                                  MediaText::uploading(row.upload.fraction(), row.upload.isKnown()), *row.fonts);
    } else if (row.download) {
        TransferBar::paintOverlay(painter, box, *row.download,
                                  MediaText::downloading(row.download->fraction(), row.download->isKnown()), *row.fonts);
    }
    painter->restore();

    if (row.uploading || row.download) {
        // Cancel: a round button with a cross, in the picture's corner.
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QRectF cancel = cancelRect(box);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 170));
        painter->drawEllipse(cancel);
        painter->setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap));
        const QRectF cross = cancel.adjusted(8, 8, -8, -8);
        painter->drawLine(cross.topLeft(), cross.bottomRight());
        painter->drawLine(cross.topRight(), cross.bottomLeft());
        painter->restore();
    }
    MediaCaption::paint(painter, row, body.left(), box.bottom() + 1);
}

TimelineAction PicturePainter::actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const
{
    const QRect box = boxRect(row, body);
    if ((row.uploading || row.download) && cancelRect(box).contains(pos))
        return row.uploading ? TimelineAction::CancelUpload : TimelineAction::CancelDownload;
    if (row.uploading || !box.contains(pos))
        return TimelineAction::None;
    return mainAction();
}

} // namespace estafette
