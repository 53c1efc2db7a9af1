#include "timeline/reply_quote_painter.h"

#include "timeline/timeline_row.h"

#include <QCoreApplication>
#include <QPainter>

namespace estafette {

namespace {
constexpr int kBar = 3;
constexpr int kPadding = 4;
constexpr int kGapBelow = 4;
} // namespace

int ReplyQuotePainter::height(const TimelineRow &row)
{
    if (!row.reply.isReply())
        return 0;
    return QFontMetrics(row.fonts->small).height() * 2 + 2 * kPadding + kGapBelow;
}

void ReplyQuotePainter::paint(QPainter *painter, const TimelineRow &row, const QRect &rect)
{
    if (!row.reply.isReply())
        return;
    const TimelineFonts &f = *row.fonts;
    const QFontMetrics small(f.small);
    const QRect box(rect.left(), rect.top(), rect.width(), rect.height() - kGapBelow);
    QColor fill = row.palette.color(QPalette::AlternateBase);
    painter->fillRect(box, fill.darker(104));
    const QColor accent = row.reply.loaded ? TimelineStyle::senderColor(row.reply.senderId)
                                           : TimelineStyle::mutedColor(row.palette);
    painter->fillRect(QRect(box.left(), box.top(), kBar, box.height()), accent);
    const int x = box.left() + kBar + kPadding + 2;
    const int width = box.width() - kBar - 2 * kPadding - 2;
    QFont name = f.small;
    name.setBold(true);
    painter->setFont(name);
    painter->setPen(accent);
    const QString who = row.reply.loaded
        ? row.reply.senderName
        : QCoreApplication::translate("estafette::TimelineDelegate", "In reply to");
    painter->drawText(QRect(x, box.top() + kPadding, width, small.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(name).elidedText(who, Qt::ElideRight, width));
    painter->setFont(f.small);
    painter->setPen(row.reply.loaded ? row.palette.color(QPalette::Text) : TimelineStyle::mutedColor(row.palette));
    const QString text = row.reply.loaded
        ? row.reply.text
        : QCoreApplication::translate("estafette::TimelineDelegate", "Original message not loaded — click to show it");
    painter->drawText(QRect(x, box.top() + kPadding + small.height(), width, small.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, small.elidedText(text, Qt::ElideRight, width));
}

} // namespace estafette
