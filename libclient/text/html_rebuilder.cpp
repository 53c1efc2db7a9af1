#include "text/html_rebuilder.h"

#include "media/mxc_uri.h"
#include "text/bidi_balancer.h"
#include "text/html_attribute_rules.h"

namespace estafette {

namespace {

// Allowed elements Qt shows under the same name.
QLatin1String sameName(HtmlTag tag)
{
    switch (tag) {
    case HtmlTag::H1: return QLatin1String("h1");
    case HtmlTag::H2: return QLatin1String("h2");
    case HtmlTag::H3: return QLatin1String("h3");
    case HtmlTag::H4: return QLatin1String("h4");
    case HtmlTag::H5: return QLatin1String("h5");
    case HtmlTag::H6: return QLatin1String("h6");
    case HtmlTag::Blockquote: return QLatin1String("blockquote");
    case HtmlTag::P: return QLatin1String("p");
    case HtmlTag::Ul: return QLatin1String("ul");
    case HtmlTag::Sup: return QLatin1String("sup");
    case HtmlTag::Sub: return QLatin1String("sub");
    case HtmlTag::Li: return QLatin1String("li");
    case HtmlTag::B: return QLatin1String("b");
    case HtmlTag::I: return QLatin1String("i");
    case HtmlTag::U: return QLatin1String("u");
    case HtmlTag::Strong: return QLatin1String("strong");
    case HtmlTag::Em: return QLatin1String("em");
    case HtmlTag::S: return QLatin1String("s");
    case HtmlTag::Div: return QLatin1String("div");
    case HtmlTag::Table: return QLatin1String("table");
    case HtmlTag::Thead: return QLatin1String("thead");
    case HtmlTag::Tbody: return QLatin1String("tbody");
    case HtmlTag::Tr: return QLatin1String("tr");
    case HtmlTag::Th: return QLatin1String("th");
    case HtmlTag::Td: return QLatin1String("td");
    case HtmlTag::Caption: return QLatin1String("caption");
    case HtmlTag::Pre: return QLatin1String("pre");
    default: return {};
    }
}

} // namespace

HtmlRebuilder::HtmlRebuilder(int maxDepth, int maxNodes) : m_maxDepth(maxDepth), m_maxNodes(maxNodes) {}

bool HtmlRebuilder::enter(const HtmlElement &element)
{
    if (++m_nodes > m_maxNodes) {
        m_overNodes = true;
        return false;
    }
    const HtmlTag tag = element.tag();
    switch (tag) {
    case HtmlTag::Br:
        m_out.append(QLatin1String("<br />"));
        atBlockBoundary();
        return false;
    case HtmlTag::Hr:
        m_out.append(QLatin1String("<hr />"));
        atBlockBoundary();
        return false;
    case HtmlTag::Img:
        emitImage(element);
        return false;
    case HtmlTag::Other:
        m_open.push_back({{}, false, false});
        return true;
    case HtmlTag::OtherBlock:
        breakLine();
        m_open.push_back({{}, true, false});
        return true;
    default:
        return enterContainer(element, tag);
    }
}

bool HtmlRebuilder::enterContainer(const HtmlElement &element, HtmlTag tag)
{
    if (element.isSpoiler()) {
        const QString reason = element.attribute("data-mx-spoiler").simplified();
        if (!reason.isEmpty() && m_spoiler == 0)
            appendText(QLatin1Char('(') + reason + QLatin1String(") "));
        ++m_spoiler;
        m_open.push_back({{}, false, true});
        return true;
    }
    if (m_depth >= m_maxDepth) {
        // Too deep: its text stays, in the formatting of the elements around it.
        const bool block = HtmlElement::isBlock(tag);
        if (block)
            breakLine();
        m_open.push_back({{}, block, false});
        return true;
    }
    const QLatin1String closing = openTag(element, tag);
    if (!closing.isEmpty())
        ++m_depth;
    if (HtmlElement::isBlock(tag))
        atBlockBoundary();
    m_open.push_back({closing, false, false});
    return true;
}

QLatin1String HtmlRebuilder::openTag(const HtmlElement &element, HtmlTag tag)
{
    const QLatin1String name = sameName(tag);
    if (!name.isEmpty()) {
        m_out.append(QLatin1Char('<') + name + QLatin1Char('>'));
        return name;
    }
    switch (tag) {
    case HtmlTag::Del:
        m_out.append(QLatin1String("<s>"));
        return QLatin1String("s");
    case HtmlTag::Details:
        m_out.append(QLatin1String("<div>"));
        return QLatin1String("div");
    case HtmlTag::Summary:
        m_out.append(QLatin1String("<div style=\"font-weight:bold\">"));
        return QLatin1String("div");
    case HtmlTag::Code: {
        const QString language = HtmlAttributeRules::codeLanguageClass(element.attribute("class"));
        m_out.append(language.isEmpty() ? QStringLiteral("<code>")
                                        : QStringLiteral("<code class=\"") + language + QStringLiteral("\">"));
        return QLatin1String("code");
    }
    case HtmlTag::Ol: {
        bool ok = false;
        const int start = HtmlAttributeRules::listStart(element.attribute("start"), &ok);
        m_out.append(ok ? QStringLiteral("<ol start=\"%1\">").arg(start) : QStringLiteral("<ol>"));
        return QLatin1String("ol");
    }
    case HtmlTag::Font:
    case HtmlTag::Span:
        return openColoured(element, tag);
    case HtmlTag::A:
        return openLink(element);
    default:
        return {};
    }
}

QLatin1String HtmlRebuilder::openColoured(const HtmlElement &element, HtmlTag tag)
{
    if (m_spoiler > 0)
        return {};
    QString fg = HtmlAttributeRules::color(element.attribute("data-mx-color"));
    if (fg.isEmpty() && tag == HtmlTag::Font)
        fg = HtmlAttributeRules::color(element.attribute("color"));
    const QString bg = HtmlAttributeRules::color(element.attribute("data-mx-bg-color"));
    if (fg.isEmpty() && bg.isEmpty())
        return {};
    QString style;
    if (!fg.isEmpty())
        style += QStringLiteral("color:") + fg;
    if (!bg.isEmpty())
        style += (style.isEmpty() ? QString() : QStringLiteral(";")) + QStringLiteral("background-color:") + bg;
    m_out.append(QStringLiteral("<span style=\"") + style + QStringLiteral("\">"));
    return QLatin1String("span");
}

QLatin1String HtmlRebuilder::openLink(const HtmlElement &element)
{
    // A link inside a spoiler would show in the link colour (and an anchor is no use there).
    if (m_spoiler > 0)
        return {};
    const QString href = HtmlAttributeRules::safeHref(element.attribute("href"));
    const QString name = HtmlAttributeRules::anchorName(element.attribute("name"));
    if (href.isEmpty() && name.isEmpty())
        return {};
    m_out.append(QLatin1String("<a"));
    if (!href.isEmpty())
        m_out.append(QStringLiteral(" href=\"") + HtmlAttributeRules::escaped(href) + QLatin1Char('"'));
    if (!name.isEmpty())
        m_out.append(QStringLiteral(" name=\"") + name + QLatin1Char('"'));
    m_out.append(QLatin1Char('>'));
    return QLatin1String("a");
}

void HtmlRebuilder::emitImage(const HtmlElement &element)
{
    const MxcUri src = MxcUri::parse(element.attribute("src"));
    const QString alt = element.attribute("alt").simplified();
    if (!src.isValid() || m_spoiler > 0) {
        appendText(alt);
        return;
    }
    const QString uri = src.toString();
    m_images.append(uri);
    m_out.append(QStringLiteral("<img src=\"") + uri + QLatin1Char('"'));
    const QSize size = HtmlAttributeRules::cappedImageSize(HtmlAttributeRules::dimension(element.attribute("width")),
                                                           HtmlAttributeRules::dimension(element.attribute("height")));
    if (size.isValid())
        m_out.append(QStringLiteral(" width=\"%1\" height=\"%2\"").arg(size.width()).arg(size.height()));
    for (const char *attribute : {"alt", "title"}) {
        const QString value = element.attribute(attribute).simplified();
        if (!value.isEmpty()) {
            m_out.append(QLatin1Char(' ') + QLatin1String(attribute) + QStringLiteral("=\""));
            HtmlAttributeRules::appendEscaped(m_out, BidiBalancer::balanced(value));
            m_out.append(QLatin1Char('"'));
        }
    }
    m_out.append(QLatin1String(" />"));
}

void HtmlRebuilder::leave(const HtmlElement &element)
{
    const Open open = m_open.back();
    m_open.pop_back();
    if (open.spoiler) {
        --m_spoiler;
        return;
    }
    if (!open.closing.isEmpty()) {
        m_out.append(QLatin1String("</") + open.closing + QLatin1Char('>'));
        --m_depth;
        if (HtmlElement::isBlock(element.tag()))
            atBlockBoundary();
    } else if (open.lineAfter) {
        breakLine();
    }
}

void HtmlRebuilder::breakLine()
{
    m_pendingBreak = m_pendingBreak || m_textOnLine;
    m_textOnLine = false;
}

void HtmlRebuilder::atBlockBoundary()
{
    m_textOnLine = false;
    m_pendingBreak = false;
}

void HtmlRebuilder::text(QStringView text)
{
    if (++m_nodes > m_maxNodes) {
        m_overNodes = true;
        return;
    }
    appendText(text);
}

void HtmlRebuilder::appendText(QStringView text)
{
    if (text.isEmpty())
        return;
    if (std::any_of(text.begin(), text.end(), [](QChar c) { return !c.isSpace(); })) {
        if (m_pendingBreak)
            m_out.append(QLatin1String("<br />"));
        m_pendingBreak = false;
        m_textOnLine = true;
    }
    // Each piece of hidden text carries both colours itself: Qt does not pass a span's background on to the
    // blocks inside it, only its foreground.
    if (m_spoiler > 0) {
        m_out.append(QStringLiteral("<span style=\"color:%1;background-color:%1\">").arg(kSpoilerColor));
    }
    HtmlAttributeRules::appendEscaped(m_out, BidiBalancer::balanced(text));
    if (m_spoiler > 0)
        m_out.append(QLatin1String("</span>"));
}

} // namespace estafette
