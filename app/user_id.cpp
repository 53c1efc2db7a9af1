#include "user_id.h"

#include <QRegularExpression>

namespace estafette {

bool UserId::isValid(const QString &text)
{
    // Localpart: historical ids allow any printable character but ':'; the server name is a DNS name,
    // IPv4 or [IPv6] literal, with an optional port.
    static const QRegularExpression pattern(
        QStringLiteral(R"(^@[!-9;-~]+:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$)"));
    return text.size() <= 255 && pattern.match(text).hasMatch();
}

QStringList UserId::parseList(const QString &text, QStringList *invalid)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QStringList valid;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        if (isValid(part)) {
            if (!valid.contains(part))
                valid << part;
        } else if (invalid) {
            *invalid << part;
        }
    }
    return valid;
}

} // namespace estafette
