#pragma once

namespace estafette {

// What a click (or Enter) on a part of a timeline row asks for.
enum class TimelineAction {
    None,
    FillGap,        // a gap: load the missing messages
    Retry,          // a message that failed to send
    OpenImage,      // an image: open the viewer
    Play,           // a video or a sound: play it
    Save,           // a file: save it (decrypted, checked)
    Open,           // a file: open it with the system's application
    CancelUpload,   // our own file still being uploaded: cancel it
    CancelDownload, // a file being downloaded: cancel that
    ShowOriginal,   // a reply's quote: show the message it answers
    HoverReact,     // the hover buttons of a message: react (quick reactions and the picker), reply, its menu
    HoverReply,
    HoverMenu,
    OpenLink,       // a link in a formatted message (which: TimelineDelegate::linkAt), checked before it opens
    ToggleReaction, // a reaction chip: add or take back ours (which key: TimelineDelegate::reactionKeyAt)
    ToggleStateRun, // the summary line of a run of state changes: show its rows, or fold them again
};

} // namespace estafette
