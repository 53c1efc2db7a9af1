#pragma once

#include "events/event_description.h"

#include <QList>

namespace estafette {

// One translated sentence for a run of consecutive state changes (memberships included) that the timeline folds
// into one line:
//   - with the room's creation in it: "Paul created and configured the room" (or "Paul created the room" when
//     nothing but the creator's own joining came with it), then what happened to other members
//     (", Marie joined");
//   - memberships: "Alice joined", "Alice and Bob joined", "3 people joined", the same for people who left,
//     were invited, were banned or changed their profile, joined by commas ("3 people joined, Bob left"), then
//     "one other change" / "2 other changes" for the rest;
//   - only settings: "Paul changed the room settings" when one person made them all, else "4 changes to the
//     room" (also the sentence for anything else).
// Each member is counted once, by where the run took them: joining then changing one's display name is one
// join; leaving then coming back is a profile change; joining then leaving is one of the "other" changes.
// Names come from the member events themselves (as describeEvent() says them), else from `nameOf`.
QString summarizeStateRun(const QList<Event> &run, const NameLookup &nameOf);

} // namespace estafette
