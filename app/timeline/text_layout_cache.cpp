#include "timeline/text_layout_cache.h"

#include <cmath>

namespace estafette {

const TextLayoutCache::Entry &TextLayoutCache::layout(const QString &key, const QString &source, const QFont &font,
                                                      int width)
{
    QString text = source;
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    if (Entry *cached = m_cache.object(key);
        cached && cached->width == width && cached->font == font && cached->text == text)
        return *cached;

    auto *entry = new Entry;
    entry->text = text;
    entry->font = font;
    entry->width = width;
    entry->layout.setText(text);
    entry->layout.setFont(font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    entry->layout.setTextOption(option);
    entry->layout.setCacheEnabled(true);
    entry->layout.beginLayout();
    qreal y = 0;
    for (QTextLine line = entry->layout.createLine(); line.isValid(); line = entry->layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    entry->layout.endLayout();
    entry->height = int(std::ceil(y));
    m_cache.insert(key, entry); // cost 1 of at least 1: always kept, the least recently used go first
    return *entry;
}

} // namespace estafette
