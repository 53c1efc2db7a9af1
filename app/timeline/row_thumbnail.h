#pragma once

#include "models/thumbnail_source.h"
#include "models/timeline_model.h"

#include <optional>

namespace estafette {

// Which picture a row shows and under which key: an image's thumbnail (or the image itself when it announced
// none), a video's poster, a local echo's staged thumbnail. The box is asked for at its largest (whatever the
// view's width), so a resize never asks again.
class RowThumbnail {
public:
    static std::optional<ThumbnailRequest> requestFor(TimelineModel::ItemKind kind, const MediaContent &media,
                                                      const QString &transactionId, qreal devicePixelRatio);
    // The key of the row's picture; empty when it has none.
    static QString keyOf(const QModelIndex &index, qreal devicePixelRatio);
    // The size the row's box is measured from: as announced, else `fallback`.
    static QSize announcedSize(const MediaContent &media);
    static QSize fallbackSize(TimelineModel::ItemKind kind);
};

} // namespace estafette
