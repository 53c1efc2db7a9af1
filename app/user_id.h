#pragma once

#include <QString>
#include <QStringList>

namespace estafette {

// Matrix user identifiers as typed by a person: "@localpart:server.name[:port]".
struct UserId {
    static bool isValid(const QString &text);
    // Splits a comma (or semicolon, space, new line) separated list; invalid entries go to `invalid`.
    static QStringList parseList(const QString &text, QStringList *invalid);
};

} // namespace estafette
