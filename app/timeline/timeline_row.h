#pragma once

#include "message_security.h"
#include "models/download_progress_source.h"
#include "models/thumbnail_source.h"
#include "models/timeline_model.h"
#include "rooms/timeline.h"
#include "timeline/rich_text_cache.h"
#include "timeline/text_layout_cache.h"
#include "timeline/timeline_style.h"

#include <QDateTime>
#include <QModelIndex>
#include <QPalette>

#include <optional>

namespace estafette {

class AvatarSource;

// What the painters of one timeline row need to know about it, read once from the model for a paint or a
// measure: its kind, state, security, the fonts and palette in use and the width of its body; for media, the
// parsed content, its transfers and where its picture comes from.
struct TimelineRow {
    QModelIndex index;
    TimelineModel::ItemKind kind = TimelineModel::ItemKind::Message;
    SendState sendState = SendState::None;
    MessageSecurity security;
    const TimelineFonts *fonts = nullptr;
    QPalette palette;
    int bodyWidth = 0;
    TextLayoutCache *layouts = nullptr;
    RichTextCache *richTexts = nullptr;        // formatted messages' documents
    AvatarSource *avatars = nullptr;           // the sender's avatar in the header line; nullptr: initials

    // Messages: the message it answers, whether it was edited, its reactions.
    ReplyPreview reply;
    bool edited = false;
    bool redacted = false;
    ReactionGroups reactions;
    QString html;                              // sanitised formatted body; empty: plain text
    QStringList readBy;                        // members whose read receipt is here
    bool fullyRead = false;                    // our read marker is here
    bool isLast = false;                       // the newest row
    bool mentionsMe = false;                   // highlighted
    int selectionStart = 0;                    // selected text of the body (equal: none)
    int selectionEnd = 0;

    // The first row of a run of state changes shown as one summary line (StateRuns::applyTo()); no events when
    // the row heads no run.
    struct StateRunHead {
        int events = 0;                        // rows in the run, this one included
        bool expanded = false;                 // the run's rows are shown, this row's own sentence under the line
        QString summary;
    } stateRun;

    // Image, Video, Audio and File rows.
    MediaContent media;
    QString problem;                           // why the media is shown as a problem card; empty otherwise
    bool uploading = false;                    // our own file not sent yet: progress and cancel, no actions
    TransferProgress upload;
    std::optional<TransferProgress> download;  // a download of the file is running
    ThumbnailSource *thumbnails = nullptr;
    qreal devicePixelRatio = 1.0;

    static TimelineRow make(const QModelIndex &index, const TimelineFonts &fonts, const QPalette &palette,
                            int bodyWidth, TextLayoutCache *layouts);

    // The key of this row's text layouts: its transaction id, else its event id, else its row; `part` tells
    // the layouts of one row apart.
    QString layoutKey(QLatin1String part = QLatin1String()) const;
    // A message whose body is not text: shown as a muted "Unreadable message", the reason in its tooltip.
    bool isUnreadable() const;
    QString body() const;
    // The body as shown: with " (edited)" after it when it was edited (editedFrom() says where that starts).
    QString shownText() const;
    int editedFrom() const;
    QString nameOf(const QString &userId) const; // a member's name as the room shows it
    // The row's body text (BodyRole) laid out in `font` at the body's width, from the cache.
    const TextLayoutCache::Entry &bodyLayout(const QFont &font) const;
    // A formatted body (html not empty) laid out in `font` at the body's width, "(edited)" after it when edited.
    const RichTextCache::Entry &richLayout(const QFont &font) const;
    QDateTime time() const { return timeOf(index); }
    QString transactionId() const;
    QString eventId() const;

    static TimelineModel::ItemKind kindOf(const QModelIndex &index);
    static QDateTime timeOf(const QModelIndex &index);
    static SendState sendStateOf(const QModelIndex &index);
    // Rows from a sender, grouped under their name: text and media messages.
    static bool isMessage(TimelineModel::ItemKind kind);
    static bool isMedia(TimelineModel::ItemKind kind);
};

} // namespace estafette
