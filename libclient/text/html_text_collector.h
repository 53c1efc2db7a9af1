#pragma once

#include "text/html_tree_walker.h"

#include <QString>

namespace estafette {

// The text a person would read in received HTML, for a reply quote or a preview: blocks and <br> on lines of
// their own, spaces collapsed as HTML does (except in <pre>), images as their alt text, bidirectional controls
// balanced. A spoiler's content is never copied: it stands as kSpoilerMark.
class HtmlTextCollector : public HtmlVisitor {
public:
    static constexpr char16_t kSpoilerMark[] = u"\u2588\u2588\u2588";

    explicit HtmlTextCollector(int maxChars);

    bool enter(const HtmlElement &element) override;
    void leave(const HtmlElement &element) override;
    void text(QStringView text) override;
    bool wantsMore() const override { return m_text.size() <= m_maxChars; }

    // At most maxChars characters, "…" ending a text that was cut.
    QString result() const;

private:
    void newLine();
    void append(QStringView text);

    const int m_maxChars;
    int m_pre = 0;
    QString m_text;
};

} // namespace estafette
