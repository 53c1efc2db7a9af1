#pragma once

#include <QCache>
#include <QFont>
#include <QString>
#include <QTextLayout>

namespace estafette {

// Wrapped text laid out once per text, font and width, kept by a key that names the row (and the part of it),
// so that scrolling a large room only paints.
class TextLayoutCache {
public:
    struct Entry {
        QString text;
        QFont font;
        int width = 0;
        QTextLayout layout;
        int height = 0;
    };

    explicit TextLayoutCache(int maxEntries = 3000) : m_cache(maxEntries < 1 ? 1 : maxEntries) {}

    // The layout of `text` (newlines break lines) in `font`, wrapped at `width`; made again when one of them
    // changed. The entry stays valid until many other layouts were made (it is the most recently used).
    const Entry &layout(const QString &key, const QString &text, const QFont &font, int width);
    int count() const { return m_cache.count(); }

private:
    QCache<QString, Entry> m_cache;
};

} // namespace estafette
