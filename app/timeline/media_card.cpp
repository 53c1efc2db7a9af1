#include "timeline/media_card.h"

#include "timeline/timeline_style.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace estafette {

QRect MediaCard::rect(const QRect &body, int height)
{
    return {body.left(), body.top(), std::min(body.width(), kMaxWidth), height};
}

int MediaCard::twoLineHeight(const TimelineFonts &fonts)
{
    const int text = QFontMetrics(fonts.name).height() + 2 + QFontMetrics(fonts.small).height() + 6;
    return 2 * kPadding + std::max(kIconSide, text);
}

QRect MediaCard::iconRect(const QRect &card)
{
    return {card.left() + kPadding, card.top() + (card.height() - kIconSide) / 2, kIconSide, kIconSide};
}

QList<QRect> MediaCard::buttonRects(const QRect &card, const QStringList &labels, const TimelineFonts &fonts)
{
    const QFontMetrics metrics(fonts.small);
    const int height = metrics.height() + 10;
    QList<QRect> rects;
    int right = card.right() - kPadding;
    for (int i = int(labels.size()) - 1; i >= 0; --i) {
        const int width = metrics.horizontalAdvance(labels.at(i)) + 20;
        rects.prepend(QRect(right - width + 1, card.top() + (card.height() - height) / 2, width, height));
        right -= width + kButtonGap;
    }
    return rects;
}

void MediaCard::paintFrame(QPainter *painter, const QRect &card, const QPalette &palette)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    painter->restore();
}

void MediaCard::paintButton(QPainter *painter, const QRect &rect, const QString &label, const TimelineFonts &fonts,
                            const QPalette &palette)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->setBrush(palette.color(QPalette::Button));
    painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    painter->setFont(fonts.small);
    painter->setPen(palette.color(QPalette::ButtonText));
    painter->drawText(rect, Qt::AlignCenter, label);
    painter->restore();
}

void MediaCard::paintFileIcon(QPainter *painter, const QRect &rect, const QString &extension,
                              const TimelineFonts &fonts, const QPalette &palette)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF sheet(rect.left() + rect.width() * 0.15, rect.top() + 1, rect.width() * 0.7, rect.height() - 2);
    const qreal fold = sheet.width() * 0.3;
    QPainterPath outline;
    outline.moveTo(sheet.topLeft());
    outline.lineTo(sheet.right() - fold, sheet.top());
    outline.lineTo(sheet.right(), sheet.top() + fold);
    outline.lineTo(sheet.bottomRight());
    outline.lineTo(sheet.bottomLeft());
    outline.closeSubpath();
    const QColor ink = TimelineStyle::mutedColor(palette);
    painter->setPen(QPen(ink, 1.2));
    painter->setBrush(palette.color(QPalette::AlternateBase));
    painter->drawPath(outline);
    painter->drawLine(QPointF(sheet.right() - fold, sheet.top()), QPointF(sheet.right() - fold, sheet.top() + fold));
    painter->drawLine(QPointF(sheet.right() - fold, sheet.top() + fold), QPointF(sheet.right(), sheet.top() + fold));
    if (!extension.isEmpty()) {
        QFont label = fonts.small;
        label.setBold(true);
        label.setPixelSize(std::max(7, int(rect.height() * 0.22)));
        painter->setFont(label);
        painter->setPen(palette.color(QPalette::Text));
        const QRectF band(sheet.left(), sheet.top() + sheet.height() * 0.5, sheet.width(), sheet.height() * 0.35);
        painter->drawText(band, Qt::AlignCenter, QFontMetrics(label).elidedText(extension.toUpper().left(5),
                                                                                Qt::ElideRight, int(band.width())));
    }
    painter->restore();
}

void MediaCard::paintPlayIcon(QPainter *painter, const QRect &rect, const QPalette &palette)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPointF centre = QRectF(rect).center();
    const qreal radius = std::min(rect.width(), rect.height()) / 2.0 - 1;
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette.color(QPalette::Highlight));
    painter->drawEllipse(centre, radius, radius);
    painter->setBrush(palette.color(QPalette::HighlightedText));
    const qreal t = radius * 0.42;
    painter->drawPolygon(QPolygonF{centre + QPointF(-t * 0.7, -t), centre + QPointF(-t * 0.7, t),
                                   centre + QPointF(t * 1.1, 0)});
    painter->restore();
}

} // namespace estafette
