#pragma once

#include "timeline/row_painter.h"

#include <QFont>
#include <QString>

namespace estafette {

// A text message (m.text, m.emote in italics, m.notice muted), a deleted one, or one whose body is not text
// (a muted "Unreadable message"). Muted too while it is being sent. A formatted message is drawn from its
// sanitised HTML (RichTextCache), its links clickable.
class TextMessagePainter : public RowPainter {
public:
    int bodyHeight(const TimelineRow &row) const override;
    void paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const override;
    TimelineAction actionAt(const TimelineRow &row, const QRect &body, const QPoint &pos) const override;
    // The target of the link at `pos` (view coordinates) in a formatted body, empty when none.
    static QString linkAt(const TimelineRow &row, const QRect &body, const QPoint &pos);
    // Text selection: the character position nearest `pos` (view coordinates) in the body's text, and the text
    // between two positions (as a person reads it: line breaks, no formatting).
    static int positionAt(const TimelineRow &row, const QRect &body, const QPoint &pos);
    static QString textBetween(const TimelineRow &row, int from, int to);

private:
    static const QFont &fontOf(const TimelineRow &row);
};

} // namespace estafette
