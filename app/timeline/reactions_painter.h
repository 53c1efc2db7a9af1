#pragma once

#include <QList>
#include <QRect>
#include <QString>

class QPainter;

namespace estafette {

struct TimelineRow;

// The reactions under a message: one chip per key with its count, ours outlined, wrapping at the body's width.
// A click on a chip toggles our reaction with that key; hovering it names who reacted.
class ReactionsPainter {
public:
    struct Chip {
        QString key;
        QRect rect; // relative to the reactions' top-left
    };
    static QList<Chip> chips(const TimelineRow &row);
    static int height(const TimelineRow &row); // 0 without reactions
    static void paint(QPainter *painter, const TimelineRow &row, const QPoint &topLeft);
    // The key of the chip at `pos` (relative to the reactions' top-left), empty when none.
    static QString keyAt(const TimelineRow &row, const QPoint &pos);
    // "Sophie, Paul and 3 others reacted with 👍"
    static QString whoReacted(const TimelineRow &row, const QString &key);
};

} // namespace estafette
