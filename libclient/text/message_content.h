#pragma once

#include "text/mentions.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace estafette {

// The content of an m.room.message for what the person typed in the composer: Markdown rendered (MarkdownRenderer)
// into formatted_body only when it adds something, "/plain " to send the rest literally (no formatting), "/me "
// for an emote. m.mentions is always present (empty: nobody is mentioned), as the spec asks of new messages.
// `mentions`: members picked in the @ completion (pills: links to them in the formatted body, listed in
// m.mentions.user_ids while their name is still in the text); `mentionRoom`: @room was picked (allowed by the
// room's power levels), m.mentions.room.
QJsonObject composeTextContent(const QString &typed, const QList<Mention> &mentions = {}, bool mentionRoom = false);

} // namespace estafette
