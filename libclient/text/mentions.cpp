#include "text/mentions.h"

#include "text/markdown_renderer.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace estafette {

QString Mentions::permalink(const QString &userId)
{
    return QStringLiteral("https://matrix.to/#/") + QString::fromLatin1(QUrl::toPercentEncoding(userId, "@:"));
}

QString Mentions::linkedMarkdown(const QString &markdown, const QList<Mention> &mentions)
{
    // Longest names first, through placeholders, so "Paul" never matches inside "Paul Lefèvre"'s link.
    QList<Mention> sorted = mentions;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Mention &a, const Mention &b) { return a.text.size() > b.text.size(); });
    QString out = markdown;
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        if (!sorted.at(i).text.isEmpty())
            out.replace(sorted.at(i).text, QStringLiteral("\u0001%1\u0001").arg(i));
    }
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const QString link = QStringLiteral("[%1](%2)").arg(MarkdownRenderer::escapeForMarkdown(sorted.at(i).text),
                                                             permalink(sorted.at(i).userId));
        out.replace(QStringLiteral("\u0001%1\u0001").arg(i), link);
    }
    return out;
}

QJsonObject Mentions::mentionsObject(const QString &body, const QList<Mention> &mentions, bool room)
{
    QJsonArray users;
    for (const Mention &mention : mentions) {
        if (!mention.text.isEmpty() && body.contains(mention.text) && !users.contains(mention.userId))
            users.append(mention.userId);
    }
    QJsonObject object;
    if (!users.isEmpty())
        object.insert(QStringLiteral("user_ids"), users);
    if (room)
        object.insert(QStringLiteral("room"), true);
    return object;
}

bool Mentions::mentionsUser(const Event &message, const QString &userId, const QString &displayName,
                            bool senderMayNotifyRoom)
{
    if (message.sender() == userId)
        return false; // our own messages never highlight
    const QJsonObject content = message.content();
    const QJsonValue mentions = content.value(QLatin1String("m.mentions"));
    if (mentions.isObject()) {
        const QJsonObject m = mentions.toObject();
        if (m.value(QLatin1String("user_ids")).toArray().contains(userId))
            return true;
        return senderMayNotifyRoom && m.value(QLatin1String("room")).toBool(false);
    }
    // An older client's message: our name or id as a word of its body.
    const QString body = content.value(QLatin1String("body")).toString();
    for (const QString &needle : {displayName, userId}) {
        if (needle.trimmed().size() < 2)
            continue;
        const QRegularExpression word(QStringLiteral("(^|\\W)") + QRegularExpression::escape(needle) + QStringLiteral("($|\\W)"),
                                      QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
        if (word.match(body).hasMatch())
            return true;
    }
    return false;
}

} // namespace estafette
