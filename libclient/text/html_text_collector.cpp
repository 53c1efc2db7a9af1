#include "text/html_text_collector.h"

#include "text/bidi_balancer.h"

namespace estafette {

HtmlTextCollector::HtmlTextCollector(int maxChars) : m_maxChars(std::max(maxChars, 0)) {}

bool HtmlTextCollector::enter(const HtmlElement &element)
{
    const HtmlTag tag = element.tag();
    switch (tag) {
    case HtmlTag::Br:
    case HtmlTag::Hr:
        newLine();
        return false;
    case HtmlTag::Img:
        append(element.attribute("alt").simplified());
        return false;
    case HtmlTag::Td:
    case HtmlTag::Th:
        if (!m_text.isEmpty() && !m_text.endsWith(QLatin1Char('\n')))
            m_text.append(QLatin1Char('\t'));
        return true;
    default:
        break;
    }
    if (element.isSpoiler()) {
        append(QStringView(kSpoilerMark));
        return false;
    }
    if (HtmlElement::isBlock(tag))
        newLine();
    if (tag == HtmlTag::Pre)
        ++m_pre;
    return true;
}

void HtmlTextCollector::leave(const HtmlElement &element)
{
    const HtmlTag tag = element.tag();
    if (tag == HtmlTag::Pre)
        --m_pre;
    // Cells of a row share its line, a tab apart (see enter()).
    if (HtmlElement::isBlock(tag) && tag != HtmlTag::Td && tag != HtmlTag::Th)
        newLine();
}

void HtmlTextCollector::text(QStringView text)
{
    if (m_pre > 0) {
        append(text);
        return;
    }
    // Runs of HTML white space are one space, and none at the start of a line.
    QString collapsed;
    collapsed.reserve(text.size());
    for (const QChar c : text) {
        const bool space = c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n')
                           || c == QLatin1Char('\r') || c == QLatin1Char('\f');
        if (!space) {
            collapsed.append(c);
        } else if (!(collapsed.isEmpty() ? m_text.isEmpty() || m_text.endsWith(QLatin1Char('\n'))
                                                 || m_text.endsWith(QLatin1Char(' '))
                                         : collapsed.endsWith(QLatin1Char(' ')))) {
            collapsed.append(QLatin1Char(' '));
        }
    }
    append(collapsed);
}

void HtmlTextCollector::newLine()
{
    while (m_text.endsWith(QLatin1Char(' ')) || m_text.endsWith(QLatin1Char('\t')))
        m_text.chop(1);
    if (!m_text.isEmpty() && !m_text.endsWith(QLatin1Char('\n')))
        m_text.append(QLatin1Char('\n'));
}

void HtmlTextCollector::append(QStringView text)
{
    m_text.append(BidiBalancer::balanced(text));
}

QString HtmlTextCollector::result() const
{
    QString text = m_text;
    while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char('\t')))
        text.chop(1);
    if (text.size() <= m_maxChars)
        return text;
    if (m_maxChars == 0)
        return {};
    // Room for the ellipsis and for the closers of the embeddings the cut leaves open (the cut text is
    // balanced again: it may end inside one): the cut moves back until both fit.
    qsizetype cut = m_maxChars - 1;
    while (true) {
        if (cut > 0 && text.at(cut - 1).isHighSurrogate())
            --cut;
        const QString kept = BidiBalancer::balanced(QStringView(text).left(cut));
        if (kept.size() < m_maxChars)
            return kept + QChar(0x2026);
        cut -= kept.size() - (m_maxChars - 1);
    }
}

} // namespace estafette
