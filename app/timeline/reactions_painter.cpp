#include "timeline/reactions_painter.h"

#include "timeline/timeline_row.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace estafette {

namespace {
constexpr int kTopGap = 4;
constexpr int kSpacing = 4;
constexpr int kPadding = 6;

QString chipText(const ReactionGroup &group)
{
    return group.key + QStringLiteral("  ") + QString::number(group.senders.size());
}
} // namespace

QList<ReactionsPainter::Chip> ReactionsPainter::chips(const TimelineRow &row)
{
    QList<Chip> out;
    const QFontMetrics metrics(row.fonts->body);
    const int h = metrics.height() + 4;
    int x = 0;
    int y = kTopGap;
    for (const ReactionGroup &group : row.reactions) {
        const int w = std::min(row.bodyWidth, metrics.horizontalAdvance(chipText(group)) + 2 * kPadding);
        if (x > 0 && x + w > row.bodyWidth) {
            x = 0;
            y += h + kSpacing;
        }
        out.append(Chip{group.key, QRect(x, y, w, h)});
        x += w + kSpacing;
    }
    return out;
}

int ReactionsPainter::height(const TimelineRow &row)
{
    if (row.reactions.isEmpty())
        return 0;
    const QList<Chip> all = chips(row);
    return all.last().rect.bottom() + 1 + 2;
}

void ReactionsPainter::paint(QPainter *painter, const TimelineRow &row, const QPoint &topLeft)
{
    const QList<Chip> all = chips(row);
    painter->setFont(row.fonts->body);
    for (qsizetype i = 0; i < all.size(); ++i) {
        const ReactionGroup &group = row.reactions.at(i);
        const QRectF chip = QRectF(all.at(i).rect.translated(topLeft)).adjusted(0.5, 0.5, -0.5, -0.5);
        QPainterPath path;
        path.addRoundedRect(chip, chip.height() / 2, chip.height() / 2);
        const bool own = group.includesOwn();
        const QColor highlight = row.palette.color(QPalette::Highlight);
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->fillPath(path, own ? QColor(highlight.red(), highlight.green(), highlight.blue(), 40)
                                    : row.palette.color(QPalette::AlternateBase).darker(106));
        painter->setPen(QPen(own ? highlight : row.palette.color(QPalette::Mid), own ? 1.5 : 1));
        painter->drawPath(path);
        painter->setPen(row.palette.color(QPalette::Text));
        painter->drawText(chip, Qt::AlignCenter, chipText(group));
    }
}

QString ReactionsPainter::keyAt(const TimelineRow &row, const QPoint &pos)
{
    for (const Chip &chip : chips(row)) {
        if (chip.rect.contains(pos))
            return chip.key;
    }
    return {};
}

QString ReactionsPainter::whoReacted(const TimelineRow &row, const QString &key)
{
    for (const ReactionGroup &group : row.reactions) {
        if (group.key != key)
            continue;
        QStringList names;
        for (const QString &userId : group.senders)
            names.append(row.nameOf(userId));
        constexpr int kNamed = 5;
        if (names.size() > kNamed) {
            const int others = int(names.size()) - kNamed;
            names = names.mid(0, kNamed);
            return QCoreApplication::translate("estafette::TimelineDelegate", "%1 and %n other(s) reacted with %2", "",
                                               others)
                .arg(names.join(QStringLiteral(", ")), key);
        }
        return QCoreApplication::translate("estafette::TimelineDelegate", "%1 reacted with %2")
            .arg(names.join(QStringLiteral(", ")), key);
    }
    return {};
}

} // namespace estafette
