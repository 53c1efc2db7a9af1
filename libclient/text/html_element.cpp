#include "text/html_element.h"

#include <gumbo.h>

#include <strings.h>

namespace estafette {

namespace {

HtmlTag fromGumbo(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_FONT: return HtmlTag::Font;
    case GUMBO_TAG_DEL: return HtmlTag::Del;
    case GUMBO_TAG_H1: return HtmlTag::H1;
    case GUMBO_TAG_H2: return HtmlTag::H2;
    case GUMBO_TAG_H3: return HtmlTag::H3;
    case GUMBO_TAG_H4: return HtmlTag::H4;
    case GUMBO_TAG_H5: return HtmlTag::H5;
    case GUMBO_TAG_H6: return HtmlTag::H6;
    case GUMBO_TAG_BLOCKQUOTE: return HtmlTag::Blockquote;
    case GUMBO_TAG_P: return HtmlTag::P;
    case GUMBO_TAG_A: return HtmlTag::A;
    case GUMBO_TAG_UL: return HtmlTag::Ul;
    case GUMBO_TAG_OL: return HtmlTag::Ol;
    case GUMBO_TAG_SUP: return HtmlTag::Sup;
    case GUMBO_TAG_SUB: return HtmlTag::Sub;
    case GUMBO_TAG_LI: return HtmlTag::Li;
    case GUMBO_TAG_B: return HtmlTag::B;
    case GUMBO_TAG_I: return HtmlTag::I;
    case GUMBO_TAG_U: return HtmlTag::U;
    case GUMBO_TAG_STRONG: return HtmlTag::Strong;
    case GUMBO_TAG_EM: return HtmlTag::Em;
    case GUMBO_TAG_S: return HtmlTag::S;
    case GUMBO_TAG_CODE: return HtmlTag::Code;
    case GUMBO_TAG_HR: return HtmlTag::Hr;
    case GUMBO_TAG_BR: return HtmlTag::Br;
    case GUMBO_TAG_DIV: return HtmlTag::Div;
    case GUMBO_TAG_TABLE: return HtmlTag::Table;
    case GUMBO_TAG_THEAD: return HtmlTag::Thead;
    case GUMBO_TAG_TBODY: return HtmlTag::Tbody;
    case GUMBO_TAG_TR: return HtmlTag::Tr;
    case GUMBO_TAG_TH: return HtmlTag::Th;
    case GUMBO_TAG_TD: return HtmlTag::Td;
    case GUMBO_TAG_CAPTION: return HtmlTag::Caption;
    case GUMBO_TAG_PRE: return HtmlTag::Pre;
    case GUMBO_TAG_SPAN: return HtmlTag::Span;
    case GUMBO_TAG_IMG: return HtmlTag::Img;
    case GUMBO_TAG_DETAILS: return HtmlTag::Details;
    case GUMBO_TAG_SUMMARY: return HtmlTag::Summary;
    // Content that is code, styling, another document or not text: never shown, not even as text.
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
        return HtmlTag::DropWhole;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_XMP:
        return HtmlTag::OtherBlock;
    default:
        return HtmlTag::Other;
    }
}

// mx-reply, the rich reply fallback (spec: clients strip the tag and its content), is no HTML element gumbo
// knows: its name is read from the source.
bool isMxReply(const GumboElement &element)
{
    GumboStringPiece name = element.original_tag;
    gumbo_tag_from_original_text(&name);
    static const char kMxReply[] = "mx-reply";
    return name.length == sizeof(kMxReply) - 1 && strncasecmp(name.data, kMxReply, name.length) == 0;
}

} // namespace

HtmlTag HtmlElement::tag() const
{
    const GumboElement &element = m_node->v.element;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML)
        return HtmlTag::DropWhole;
    if (element.tag == GUMBO_TAG_UNKNOWN)
        return isMxReply(element) ? HtmlTag::DropWhole : HtmlTag::Other;
    return fromGumbo(element.tag);
}

bool HtmlElement::isBlock(HtmlTag tag)
{
    switch (tag) {
    case HtmlTag::H1: case HtmlTag::H2: case HtmlTag::H3: case HtmlTag::H4: case HtmlTag::H5: case HtmlTag::H6:
    case HtmlTag::Blockquote: case HtmlTag::P: case HtmlTag::Ul: case HtmlTag::Ol: case HtmlTag::Li:
    case HtmlTag::Div: case HtmlTag::Table: case HtmlTag::Thead: case HtmlTag::Tbody: case HtmlTag::Tr:
    case HtmlTag::Th: case HtmlTag::Td: case HtmlTag::Caption: case HtmlTag::Pre: case HtmlTag::Details:
    case HtmlTag::Summary: case HtmlTag::OtherBlock:
        return true;
    default:
        return false;
    }
}

bool HtmlElement::isSpoiler() const
{
    return tag() == HtmlTag::Span && hasAttribute("data-mx-spoiler");
}

bool HtmlElement::hasAttribute(const char *name) const
{
    return gumbo_get_attribute(&m_node->v.element.attributes, name) != nullptr;
}

QString HtmlElement::attribute(const char *name) const
{
    const GumboAttribute *attribute = gumbo_get_attribute(&m_node->v.element.attributes, name);
    return attribute ? QString::fromUtf8(attribute->value) : QString();
}

} // namespace estafette
