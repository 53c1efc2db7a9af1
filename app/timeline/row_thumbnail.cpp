#include "timeline/row_thumbnail.h"

#include "timeline/media_box.h"

#include <cmath>

namespace estafette {

QSize RowThumbnail::announcedSize(const MediaContent &media)
{
    if (media.dimensions().isValid())
        return media.dimensions();
    if (media.hasThumbnail() && media.thumbnail().size.isValid())
        return media.thumbnail().size;
    return {};
}

QSize RowThumbnail::fallbackSize(TimelineModel::ItemKind kind)
{
    return kind == TimelineModel::ItemKind::Video ? QSize(320, 180) : QSize(320, 240);
}

std::optional<ThumbnailRequest> RowThumbnail::requestFor(TimelineModel::ItemKind kind, const MediaContent &media,
                                                         const QString &transactionId, qreal devicePixelRatio)
{
    using Kind = TimelineModel::ItemKind;
    if ((kind != Kind::Image && kind != Kind::Video) || !media.isValid())
        return std::nullopt;
    ThumbnailRequest request;
    if (media.hasThumbnail() && !media.thumbnail().source.isEmpty()) {
        request.source = media.thumbnail().source;
        request.mimeType = media.thumbnail().mimeType;
        request.announcedBytes = media.thumbnail().bytes;
    } else if (kind == Kind::Image && !media.source().isEmpty()) {
        request.source = media.source();
        request.fromFile = true;
        request.mimeType = media.mimeType();
        request.announcedBytes = media.size();
    } else if (media.source().isEmpty() && !transactionId.isEmpty()) {
        request.transactionId = transactionId; // our own, not uploaded yet: its staged thumbnail
    } else {
        return std::nullopt; // a video without a poster
    }
    const QSize box = MediaBox::fit(announcedSize(media), MediaBox::kMaxWidth, fallbackSize(kind));
    const qreal ratio = devicePixelRatio > 0 ? devicePixelRatio : 1.0;
    request.size = QSize(int(std::ceil(box.width() * ratio)), int(std::ceil(box.height() * ratio)));
    const QString where = request.source.isEmpty() ? QStringLiteral("txn:") + transactionId : request.source.url;
    request.key = QStringLiteral("%1%2@%3x%4")
                      .arg(where, request.fromFile ? QStringLiteral("#file") : QString())
                      .arg(request.size.width())
                      .arg(request.size.height());
    return request;
}

QString RowThumbnail::keyOf(const QModelIndex &index, qreal devicePixelRatio)
{
    const auto kind = TimelineModel::ItemKind(index.data(TimelineModel::ItemKindRole).toInt());
    if (kind != TimelineModel::ItemKind::Image && kind != TimelineModel::ItemKind::Video)
        return {};
    const auto request = requestFor(kind, index.data(TimelineModel::MediaRole).value<MediaContent>(),
                                    index.data(TimelineModel::TransactionIdRole).toString(), devicePixelRatio);
    return request ? request->key : QString();
}

} // namespace estafette
