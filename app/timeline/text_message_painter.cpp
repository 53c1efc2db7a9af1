#include "timeline/text_message_painter.h"

#include "timeline/timeline_row.h"

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
    return row.bodyLayout(fontOf(row)).height;
}

void TextMessagePainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const bool muted = row.kind == TimelineModel::ItemKind::Notice || row.sendState == SendState::Sending
        || row.isUnreadable();
    painter->setPen(muted ? TimelineStyle::mutedColor(row.palette) : row.palette.color(QPalette::Text));
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
