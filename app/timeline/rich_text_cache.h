#pragma once

#include <QCache>
#include <QColor>
#include <QFont>
#include <QString>
#include <QTextDocument>

namespace estafette {

// A received message's sanitised HTML (HtmlSanitizer's output) laid out once per text, font and width, like
// TextLayoutCache does for plain text. Its documents never load anything: an image (mxc://, the only kind the
// sanitiser keeps) is drawn as a placeholder of its size until the media cache has it, nothing else is fetched.
class RichTextCache {
public:
    struct Entry {
        QString html;
        QFont font;
        int width = 0;
        QColor linkColor;
        std::unique_ptr<QTextDocument> document;
        int height = 0;
    };

    explicit RichTextCache(int maxEntries = 500) : m_cache(maxEntries < 1 ? 1 : maxEntries) {}

    const Entry &layout(const QString &key, const QString &html, const QFont &font, int width, const QColor &linkColor);
    int count() const { return m_cache.count(); }

private:
    QCache<QString, Entry> m_cache;
};

} // namespace estafette
