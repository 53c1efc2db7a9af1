#include "timeline/transfer_bar.h"

#include "timeline/timeline_style.h"

#include <QPainter>

namespace estafette {

namespace {
constexpr int kBarHeight = 4;

void paintBar(QPainter *painter, const QRect &bar, double fraction, const QColor &track, const QColor &fill)
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(track);
    painter->drawRoundedRect(bar, 2, 2);
    if (fraction > 0) {
        QRect done = bar;
        done.setWidth(std::max(kBarHeight, int(bar.width() * fraction)));
        painter->setBrush(fill);
        painter->drawRoundedRect(done, 2, 2);
    }
}
} // namespace

int TransferBar::height(const TimelineFonts &fonts)
{
    return QFontMetrics(fonts.small).height() + 2 + kBarHeight;
}

void TransferBar::paint(QPainter *painter, const QRect &rect, const TransferProgress &progress, const QString &label,
                        const QPalette &palette, const TimelineFonts &fonts)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(fonts.small);
    painter->setFont(fonts.small);
    painter->setPen(TimelineStyle::mutedColor(palette));
    painter->drawText(QRect(rect.left(), rect.top(), rect.width(), metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(label, Qt::ElideRight, rect.width()));
    const QRect bar(rect.left(), rect.top() + metrics.height() + 2, rect.width(), kBarHeight);
    paintBar(painter, bar, progress.fraction(), palette.color(QPalette::Midlight), palette.color(QPalette::Highlight));
    painter->restore();
}

void TransferBar::paintOverlay(QPainter *painter, const QRect &picture, const TransferProgress &progress,
                               const QString &label, const TimelineFonts &fonts)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(fonts.small);
    const int bandHeight = metrics.height() + kBarHeight + 12;
    const QRect band(picture.left(), picture.bottom() + 1 - bandHeight, picture.width(), bandHeight);
    painter->fillRect(band, QColor(0, 0, 0, 150));
    const QRect inner = band.adjusted(6, 4, -6, -4);
    painter->setFont(fonts.small);
    painter->setPen(Qt::white);
    painter->drawText(QRect(inner.left(), inner.top(), inner.width(), metrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(label, Qt::ElideRight, inner.width()));
    const QRect bar(inner.left(), inner.bottom() + 1 - kBarHeight, inner.width(), kBarHeight);
    paintBar(painter, bar, progress.fraction(), QColor(255, 255, 255, 90), Qt::white);
    painter->restore();
}

} // namespace estafette
