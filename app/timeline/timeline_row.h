#pragma once

#include "message_security.h"
#include "models/timeline_model.h"
#include "rooms/timeline.h"
#include "timeline/text_layout_cache.h"
#include "timeline/timeline_style.h"

#include <QDateTime>
#include <QModelIndex>
#include <QPalette>

namespace estafette {

// What the painters of one timeline row need to know about it, read once from the model for a paint or a
// measure: its kind, state, security, the fonts and palette in use and the width of its body.
struct TimelineRow {
    QModelIndex index;
    TimelineModel::ItemKind kind = TimelineModel::ItemKind::Message;
    SendState sendState = SendState::None;
    MessageSecurity security;
    const TimelineFonts *fonts = nullptr;
    QPalette palette;
    int bodyWidth = 0;
    TextLayoutCache *layouts = nullptr;

    static TimelineRow make(const QModelIndex &index, const TimelineFonts &fonts, const QPalette &palette,
                            int bodyWidth, TextLayoutCache *layouts);

    // The key of this row's text layouts: its transaction id, else its event id, else its row; `part` tells
    // the layouts of one row apart.
    QString layoutKey(QLatin1String part = QLatin1String()) const;
    // A message whose body is not text: shown as a muted "Unreadable message", the reason in its tooltip.
    bool isUnreadable() const;
    QString body() const;
    // The row's body text (BodyRole) laid out in `font` at the body's width, from the cache.
    const TextLayoutCache::Entry &bodyLayout(const QFont &font) const;
    QDateTime time() const { return timeOf(index); }

    static TimelineModel::ItemKind kindOf(const QModelIndex &index);
    static QDateTime timeOf(const QModelIndex &index);
    static SendState sendStateOf(const QModelIndex &index);
    static bool isMessage(TimelineModel::ItemKind kind);
};

} // namespace estafette
