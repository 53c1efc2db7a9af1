#include "timeline/text_message_painter.h"

#include "timeline/timeline_row.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>

namespace estafette {

const QFont &TextMessagePainter::fontOf(const TimelineRow &row)
{
    if (row.isUnreadable())
        return row.fonts->placeholder;
    return row.kind == TimelineModel::ItemKind::Emote ? row.fonts->emote : row.fonts->body;
}

int TextMessagePainter::bodyHeight(const TimelineRow &row) const
{
    if (!row.html.isEmpty() && row.richTexts)
        return row.richLayout(fontOf(row)).height;
    return row.bodyLayout(fontOf(row)).height;
}

QString TextMessagePainter::linkAt(const TimelineRow &row, const QRect &body, const QPoint &pos)
{
    if (row.html.isEmpty() || !row.richTexts)
        return {};
    const RichTextCache::Entry &entry = row.richLayout(fontOf(row));
    return entry.document->documentLayout()->anchorAt(QPointF(pos - body.topLeft()));
}

TimelineAction TextMessagePainter::actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const
{
    return linkAt(row, body, pos).isEmpty() ? TimelineAction::None : TimelineAction::OpenLink;
}

void TextMessagePainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const bool muted = row.kind == TimelineModel::ItemKind::Notice || row.sendState == SendState::Sending
        || row.isUnreadable();
    painter->setPen(muted ? TimelineStyle::mutedColor(row.palette) : row.palette.color(QPalette::Text));
    if (!row.html.isEmpty() && row.richTexts) {
        const RichTextCache::Entry &rich = row.richLayout(fontOf(row));
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette = row.palette;
        context.palette.setColor(QPalette::Text, muted ? TimelineStyle::mutedColor(row.palette)
                                                       : row.palette.color(QPalette::Text));
        painter->save();
        painter->translate(body.topLeft());
        context.clip = QRectF(0, 0, body.width(), body.height());
        rich.document->documentLayout()->draw(painter, context);
        painter->restore();
        return;
    }
    const TextLayoutCache::Entry &layout = row.bodyLayout(fontOf(row));
    QList<QTextLayout::FormatRange> formats;
    if (row.edited) { // "(edited)" after the text, muted
        QTextLayout::FormatRange edited;
        edited.start = row.editedFrom();
        edited.length = int(layout.text.size()) - edited.start;
        edited.format.setForeground(TimelineStyle::mutedColor(row.palette));
        formats.append(edited);
    }
    layout.layout.draw(painter, body.topLeft(), formats);
}

} // namespace estafette
