#include "text/message_content.h"

#include "text/markdown_renderer.h"

namespace estafette {

QJsonObject composeTextContent(const QString &typed, const QList<Mention> &mentions, bool mentionRoom)
{
    QString text = typed;
    QString msgtype = QStringLiteral("m.text");
    bool literal = false;
    if (text.startsWith(QLatin1String("/plain "))) {
        text = text.mid(7);
        literal = true;
    } else if (text.startsWith(QLatin1String("/me "))) {
        text = text.mid(4);
        msgtype = QStringLiteral("m.emote");
    } else if (text.startsWith(QLatin1String("//"))) {
        text = text.mid(1); // "//path" sends "/path": a way to start a message with a slash
    }
    const bool room = mentionRoom && text.contains(QLatin1String("@room"));
    QJsonObject content{{QStringLiteral("msgtype"), msgtype},
                        {QStringLiteral("body"), text},
                        {QStringLiteral("m.mentions"), Mentions::mentionsObject(text, mentions, room)}};
    if (!literal) {
        const MarkdownRenderer::Result rendered = MarkdownRenderer::render(Mentions::linkedMarkdown(text, mentions));
        if (!rendered.formattedBody.isEmpty()) {
            content.insert(QStringLiteral("format"), QStringLiteral("org.matrix.custom.html"));
            content.insert(QStringLiteral("formatted_body"), rendered.formattedBody);
        }
    }
    return content;
}

} // namespace estafette
