#include "timeline/file_card_painter.h"

#include "timeline/media_caption.h"
#include "timeline/media_card.h"
#include "timeline/media_text.h"
#include "timeline/timeline_row.h"
#include "timeline/transfer_bar.h"

#include <QFileInfo>
#include <QPainter>

namespace estafette {

QString FileCardPainter::labelOf(TimelineAction action)
{
    switch (action) {
    case TimelineAction::Save:
        return MediaCard::saveLabel();
    case TimelineAction::Open:
        return MediaCard::openLabel();
    default:
        return MediaCard::cancelLabel();
    }
}

FileCardPainter::Layout FileCardPainter::layout(const TimelineRow &row, const QRect &body)
{
    Layout layout;
    QList<TimelineAction> actions;
    if (row.uploading)
        actions = {TimelineAction::CancelUpload};
    else if (row.download)
        actions = {TimelineAction::CancelDownload};
    else if (row.sendState != SendState::Failed && !row.media.source().isEmpty())
        actions = row.kind == TimelineModel::ItemKind::Audio ? QList{TimelineAction::Save}
                                                             : QList{TimelineAction::Save, TimelineAction::Open};
    QStringList labels;
    for (TimelineAction action : actions)
        labels << labelOf(action);

    const int lines = MediaCard::twoLineHeight(*row.fonts);
    QRect card = MediaCard::rect(body, lines);
    QList<QRect> rects = MediaCard::buttonRects(card, labels, *row.fonts);
    const int textLeft = card.left() + MediaCard::kPadding + MediaCard::kIconSide + MediaCard::kPadding;
    // Too narrow for the name beside the buttons: the buttons go on a line of their own under it.
    const bool stacked = !rects.isEmpty() && rects.first().left() - MediaCard::kPadding - textLeft < kMinTextWidth;
    if (stacked) {
        const int buttonsHeight = rects.first().height() + MediaCard::kPadding;
        card = MediaCard::rect(body, lines + buttonsHeight);
        const QRect buttonLine(card.left(), card.top() + lines - MediaCard::kPadding, card.width(), rects.first().height());
        rects = MediaCard::buttonRects(buttonLine, labels, *row.fonts);
    }
    layout.card = card;
    layout.icon = MediaCard::iconRect(QRect(card.topLeft(), QSize(card.width(), lines)));
    for (int i = 0; i < actions.size(); ++i)
        layout.buttons.append({actions.at(i), rects.at(i)});
    const int textRight = rects.isEmpty() || stacked ? card.right() - MediaCard::kPadding
                                                     : rects.first().left() - MediaCard::kPadding;
    layout.text = QRect(textLeft, card.top() + MediaCard::kPadding, std::max(20, textRight - textLeft + 1),
                        lines - 2 * MediaCard::kPadding);
    return layout;
}

int FileCardPainter::bodyHeight(const TimelineRow &row) const
{
    return layout(row, QRect(0, 0, row.bodyWidth, 0)).card.height() + MediaCaption::height(row);
}

void FileCardPainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const Layout l = layout(row, body);
    const TimelineFonts &f = *row.fonts;
    MediaCard::paintFrame(painter, l.card, row.palette);
    if (row.kind == TimelineModel::ItemKind::Audio)
        MediaCard::paintPlayIcon(painter, l.icon, row.palette);
    else
        MediaCard::paintFileIcon(painter, l.icon, QFileInfo(row.media.fileName()).suffix(), f, row.palette);

    const QFontMetrics nameMetrics(f.name);
    const int textHeight = nameMetrics.height() + 2 + QFontMetrics(f.small).height() + 6;
    const int top = l.text.top() + (l.text.height() - textHeight) / 2;
    painter->setFont(f.name);
    painter->setPen(row.palette.color(QPalette::Text));
    painter->drawText(QRect(l.text.left(), top, l.text.width(), nameMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(row.media.safeFileName(), Qt::ElideMiddle, l.text.width()));
    const QRect detail(l.text.left(), top + nameMetrics.height() + 2, l.text.width(), TransferBar::height(f));
    if (row.uploading) {
        TransferBar::paint(painter, detail, row.upload, MediaText::uploading(row.upload.fraction(), row.upload.isKnown()),
                           row.palette, f);
    } else if (row.download) {
        TransferBar::paint(painter, detail, *row.download,
                           MediaText::downloading(row.download->fraction(), row.download->isKnown()), row.palette, f);
    } else {
        const QString sizeText = MediaText::size(row.media.size());
        const QString text = row.kind == TimelineModel::ItemKind::Audio
            ? MediaText::joined({MediaText::duration(row.media.durationMs()), sizeText})
            : MediaText::joined({sizeText, sizeText.isEmpty() ? row.media.mimeType() : QString()});
        const QFontMetrics small(f.small);
        painter->setFont(f.small);
        painter->setPen(TimelineStyle::mutedColor(row.palette));
        painter->drawText(QRect(detail.left(), detail.top(), detail.width(), small.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, small.elidedText(text, Qt::ElideRight, detail.width()));
    }
    for (const auto &[action, rect] : l.buttons)
        MediaCard::paintButton(painter, rect, labelOf(action), f, row.palette);
    MediaCaption::paint(painter, row, body.left(), l.card.bottom() + 1);
}

TimelineAction FileCardPainter::actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const
{
    const Layout l = layout(row, body);
    for (const auto &[action, rect] : l.buttons) {
        if (rect.contains(pos))
            return action;
    }
    if (row.kind == TimelineModel::ItemKind::Audio && !row.uploading && !row.media.source().isEmpty()
        && l.icon.contains(pos))
        return TimelineAction::Play;
    return TimelineAction::None;
}

} // namespace estafette
