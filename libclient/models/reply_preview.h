#pragma once

#include "rooms/aggregations.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace estafette {

// What a reply shows of the message it answers: who wrote it and its first line, or that it is not loaded.
struct ReplyPreview {
    QString eventId;      // the original's event id (empty: not a reply)
    bool loaded = false;  // the original is in the timeline (else: "original not loaded", click loads it)
    QString senderId;
    QString senderName;
    QString text;         // first line of what the original shows (edited, deleted, media: its sentence)
    bool isReply() const { return !eventId.isEmpty(); }
};

using ReactionGroups = QList<ReactionGroup>;

} // namespace estafette

Q_DECLARE_METATYPE(estafette::ReplyPreview)
Q_DECLARE_METATYPE(estafette::ReactionGroups)
