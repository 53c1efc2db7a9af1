#include "timeline/read_marks_painter.h"

#include "avatar_painter.h"
#include "media/avatar_source.h"
#include "timeline/timeline_row.h"

#include <QCoreApplication>
#include <QPainter>

namespace estafette {

namespace {
constexpr int kSide = 16;
constexpr int kShown = 5;
} // namespace

int ReadMarksPainter::receiptsHeight(const TimelineRow &row)
{
    return row.readBy.isEmpty() ? 0 : kSide + 4;
}

void ReadMarksPainter::paintReceipts(QPainter *painter, const TimelineRow &row, const QRect &rect)
{
    if (row.readBy.isEmpty())
        return;
    const auto *model = qobject_cast<const TimelineModel *>(row.index.model());
    const int shown = int(std::min<qsizetype>(row.readBy.size(), kShown));
    int x = rect.right() - kSide;
    if (row.readBy.size() > kShown) {
        const QString more = QStringLiteral("+%1").arg(row.readBy.size() - kShown);
        const int w = QFontMetrics(row.fonts->small).horizontalAdvance(more) + 4;
        painter->setFont(row.fonts->small);
        painter->setPen(TimelineStyle::mutedColor(row.palette));
        painter->drawText(QRect(x + kSide - w, rect.top() + 2, w, kSide), Qt::AlignRight | Qt::AlignVCenter, more);
        x -= w + 2;
    }
    QFont initials = row.fonts->small;
    initials.setPixelSize(9);
    for (int i = 0; i < shown; ++i) {
        const QString userId = row.readBy.at(i);
        const QString avatarUrl = model ? model->avatarUrlOf(userId) : QString();
        const QImage picture = row.avatars && !avatarUrl.isEmpty() ? row.avatars->avatar(avatarUrl) : QImage();
        AvatarPainter::paint(painter, QRect(x, rect.top() + 2, kSide, kSide), picture, row.nameOf(userId),
                             TimelineStyle::senderColor(userId), initials);
        x -= kSide + 2;
    }
}

int ReadMarksPainter::markerHeight(const TimelineRow &row)
{
    return row.fullyRead && !row.isLast ? QFontMetrics(row.fonts->small).height() + 6 : 0;
}

void ReadMarksPainter::paintMarker(QPainter *painter, const TimelineRow &row, const QRect &rect)
{
    if (!row.fullyRead || row.isLast)
        return;
    const QColor red = TimelineStyle::failedColor();
    const QString label = QCoreApplication::translate("estafette::TimelineDelegate", "New messages");
    const QFontMetrics metrics(row.fonts->small);
    const int y = rect.top() + rect.height() / 2;
    const int textWidth = metrics.horizontalAdvance(label) + 12;
    painter->setPen(QPen(red, 1));
    painter->drawLine(rect.left(), y, rect.right() - textWidth, y);
    painter->setFont(row.fonts->small);
    painter->drawText(QRect(rect.right() - textWidth + 6, rect.top(), textWidth, rect.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, label);
}

QString ReadMarksPainter::readBy(const TimelineRow &row)
{
    QStringList names;
    for (const QString &userId : row.readBy)
        names.append(row.nameOf(userId));
    return names.isEmpty() ? QString()
                           : QCoreApplication::translate("estafette::TimelineDelegate", "Read by %1")
                                 .arg(names.join(QStringLiteral(", ")));
}

} // namespace estafette
