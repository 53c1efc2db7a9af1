#pragma once

#include <QRect>
#include <QSize>

namespace estafette {

// The box a picture (an image, a video's poster) takes in the timeline: its announced size scaled down to fit
// kMaxWidth × kMaxHeight and the body's width, never enlarged, never thinner than kMinSide. Known before any
// byte of the picture arrives, so the row keeps its height when it does.
class MediaBox {
public:
    static constexpr int kMaxWidth = 320;
    static constexpr int kMaxHeight = 240;
    static constexpr int kMinSide = 48;

    // `announced` invalid (not announced): `fallback` instead.
    static QSize fit(const QSize &announced, int availableWidth, const QSize &fallback);
    // The largest rectangle of `imageSize`'s proportions inside `box`, centred.
    static QRect centred(const QSize &imageSize, const QRect &box);
};

} // namespace estafette
