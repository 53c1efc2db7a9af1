#include "timeline/text_message_painter.h"

#include "timeline/timeline_row.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextCursor>

#include <algorithm>

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

int TextMessagePainter::positionAt(const TimelineRow &row, const QRect &body, const QPoint &pos)
{
    const QPointF local = QPointF(pos - body.topLeft());
    if (!row.html.isEmpty() && row.richTexts) {
        const RichTextCache::Entry &entry = row.richLayout(fontOf(row));
        return entry.document->documentLayout()->hitTest(local, Qt::FuzzyHit);
    }
    const TextLayoutCache::Entry &entry = row.bodyLayout(fontOf(row));
    const QTextLayout &layout = entry.layout;
    if (layout.lineCount() == 0)
        return 0;
    if (local.y() < 0)
        return 0;
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        if (local.y() < line.y() + line.height())
            return line.xToCursor(local.x());
    }
    return int(entry.text.size());
}

QString TextMessagePainter::textBetween(const TimelineRow &row, int from, int to)
{
    const int a = std::min(from, to);
    const int b = std::max(from, to);
    if (a == b)
        return {};
    if (!row.html.isEmpty() && row.richTexts) {
        QTextCursor cursor(row.richLayout(fontOf(row)).document.get());
        cursor.setPosition(a);
        cursor.setPosition(b, QTextCursor::KeepAnchor);
        QString text = cursor.selectedText();
        text.replace(QChar::ParagraphSeparator, QLatin1Char('\n')).replace(QChar::LineSeparator, QLatin1Char('\n'));
        return text;
    }
    QString text = row.shownText().mid(a, b - a);
    return text;
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
        if (row.selectionStart != row.selectionEnd) {
            QAbstractTextDocumentLayout::Selection selection;
            selection.cursor = QTextCursor(rich.document.get());
            selection.cursor.setPosition(std::min(row.selectionStart, row.selectionEnd));
            selection.cursor.setPosition(std::max(row.selectionStart, row.selectionEnd), QTextCursor::KeepAnchor);
            selection.format.setBackground(row.palette.color(QPalette::Highlight));
            selection.format.setForeground(row.palette.color(QPalette::HighlightedText));
            context.selections.append(selection);
        }
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
    if (row.selectionStart != row.selectionEnd) {
        QTextLayout::FormatRange selected;
        selected.start = std::min(row.selectionStart, row.selectionEnd);
        selected.length = std::abs(row.selectionEnd - row.selectionStart);
        selected.format.setBackground(row.palette.color(QPalette::Highlight));
        selected.format.setForeground(row.palette.color(QPalette::HighlightedText));
        formats.append(selected);
    }
    layout.layout.draw(painter, body.topLeft(), formats);
}

} // namespace estafette
