#pragma once

#include "events/event.h"

namespace estafette {

// The event that an m.room.redaction points at: content.redacts (room version 11), or the top-level "redacts"
// of older room versions. Empty when the event is not a redaction or names nothing.
QString redactedEventId(const Event &redaction);

// `event` as the spec's redaction algorithm leaves it (room version 11 rules, which keep a superset of the older
// versions' keys): only the keys the protocol needs survive, at the top level and in the content; everything a
// person wrote is gone. unsigned keeps only the transaction id (our own echo matching) and gains redacted_because.
// Local decryption status is kept (it says the event was encrypted, nothing of its content).
Event redactedEvent(const Event &event, const Event &redaction);

} // namespace estafette
