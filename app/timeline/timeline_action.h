#pragma once

namespace estafette {

// What a click (or Enter) on a part of a timeline row asks for.
enum class TimelineAction {
    None,
    FillGap,  // a gap: load the missing messages
    Retry,    // a message that failed to send
};

} // namespace estafette
