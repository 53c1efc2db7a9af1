#pragma once

#include "events/event.h"

#include <QList>
#include <QString>

namespace estafette {

// A member the person picked in the composer's @ completion: the text inserted for them (their display name, as
// the room shows it) and who they are.
struct Mention {
    QString userId;
    QString text;
    bool operator==(const Mention &) const = default;
};

class Mentions {
public:
    // matrix.to link of a user, as pills are made (https://matrix.to/#/@user:server, the id percent-encoded).
    static QString permalink(const QString &userId);
    // `markdown` with each mention's text (where it still appears) turned into a Markdown link to the user, for
    // the formatted body; the plain body keeps the names as typed.
    static QString linkedMarkdown(const QString &markdown, const QList<Mention> &mentions);
    // The m.mentions object: the users whose text is still in `body`, and "room" when `room` is set.
    static QJsonObject mentionsObject(const QString &body, const QList<Mention> &mentions, bool room);
    // Whether a received message mentions us: its m.mentions names us (or the room, when its sender may notify the
    // room); without m.mentions (older clients), its body names our display name or user id as a word.
    static bool mentionsUser(const Event &message, const QString &userId, const QString &displayName,
                             bool senderMayNotifyRoom);
};

} // namespace estafette
