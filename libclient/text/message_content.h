#pragma once

#include <QJsonObject>
#include <QString>

namespace estafette {

// The content of an m.room.message for what the person typed in the composer: Markdown rendered (MarkdownRenderer)
// into formatted_body only when it adds something, "/plain " to send the rest literally (no formatting), "/me "
// for an emote. m.mentions is always present (empty: nobody is mentioned), as the spec asks of new messages.
QJsonObject composeTextContent(const QString &typed);

} // namespace estafette
