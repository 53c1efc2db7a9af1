#include "timeline/rich_text_cache.h"

#include <QAbstractTextDocumentLayout>
#include <QImage>
#include <QPainter>
#include <QUrl>

#include <cmath>

namespace estafette {

namespace {

// Resources come from us alone: an mxc:// image is a placeholder, anything else nothing at all (Qt would
// otherwise read local files named by a relative or file: URL).
class OfflineDocument : public QTextDocument {
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        if (type == QTextDocument::ImageResource && name.scheme() == QLatin1String("mxc")) {
            QImage placeholder(32, 32, QImage::Format_ARGB32_Premultiplied);
            placeholder.fill(QColor(0xdd, 0xdd, 0xdd));
            return placeholder;
        }
        return {};
    }
};

} // namespace

const RichTextCache::Entry &RichTextCache::layout(const QString &key, const QString &html, const QFont &font, int width,
                                                  const QColor &linkColor)
{
    if (Entry *cached = m_cache.object(key); cached && cached->width == width && cached->font == font
        && cached->html == html && cached->linkColor == linkColor)
        return *cached;
    auto *entry = new Entry;
    entry->html = html;
    entry->font = font;
    entry->width = width;
    entry->linkColor = linkColor;
    entry->document = std::make_unique<OfflineDocument>();
    QTextDocument *doc = entry->document.get();
    doc->setUndoRedoEnabled(false);
    doc->setDocumentMargin(0);
    doc->setDefaultFont(font);
    doc->setDefaultStyleSheet(QStringLiteral("a { color: %1; } pre, code { font-family: monospace; } "
                                             "blockquote { margin-left: 8px; }")
                                  .arg(linkColor.name()));
    doc->setHtml(html);
    doc->setTextWidth(width);
    entry->height = int(std::ceil(doc->documentLayout()->documentSize().height()));
    m_cache.insert(key, entry);
    return *entry;
}

} // namespace estafette
