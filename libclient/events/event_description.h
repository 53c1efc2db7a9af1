#pragma once

#include "events/event.h"

#include <functional>

namespace estafette {

// Resolves a user id to the name shown for it (display name, disambiguated, or the id itself).
using NameLookup = std::function<QString(const QString &userId)>;
// The name `nameOf` gives, else the user id ("Someone" for no user at all).
QString memberNameFor(const NameLookup &nameOf, const QString &userId);

// A readable, translated sentence for a state event or an unsupported event in the timeline:
// "Alice joined the room", "Bob changed the topic to “…”", "Unsupported event (m.poll.start)".
// Messages (m.room.message) return their body, prefixed "* Alice " for m.emote ("Unreadable message" when the
// body is not text, see describeUnreadable()). An event that could not be
// decrypted (still m.room.encrypted) says why: "Encrypted message: its key has not been received yet…",
// "Message rejected: it reuses a key already used…".
QString describeEvent(const Event &event, const NameLookup &nameOf);

// For a decrypted message whose sender is not established (its key's device is someone else's, not known yet, or
// the key was forwarded), the sentence that says so; empty for a well authenticated or unencrypted event.
QString describeSenderTrust(const Event &event, const NameLookup &nameOf);

// An m.room.message that cannot be shown as a message because its "body" is missing, not a string or blank
// (a server checks this only in rooms that are not encrypted): describeEvent() and previewEvent() call it
// "Unreadable message", and this is why, for its tooltip and accessible description. Empty for any other event.
QString describeUnreadable(const Event &event);

// Short preview for the room list: "Alice: hello" (or just the sentence for state events); an undecrypted
// message is short too: "Alice: Encrypted message, waiting for its key".
QString previewEvent(const Event &event, const NameLookup &nameOf);

} // namespace estafette
