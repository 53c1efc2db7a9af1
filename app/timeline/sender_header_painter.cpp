#include "timeline/sender_header_painter.h"

#include "timeline/timeline_row.h"

#include "avatar_painter.h"
#include "media/avatar_source.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace estafette {

int SenderHeaderPainter::height(const TimelineFonts &fonts)
{
    return QFontMetrics(fonts.name).height() + 2;
}

QRect SenderHeaderPainter::avatarRect(const TimelineFonts &fonts, const QPoint &topLeft)
{
    const int side = QFontMetrics(fonts.name).height();
    return {topLeft.x(), topLeft.y(), side, side};
}

void SenderHeaderPainter::paint(QPainter *painter, const TimelineRow &row, const QPoint &lineTopLeft)
{
    const TimelineFonts &f = *row.fonts;
    const QString name = row.index.data(TimelineModel::SenderNameRole).toString();
    const QString senderId = row.index.data(TimelineModel::SenderIdRole).toString();
    const QRect avatar = avatarRect(f, lineTopLeft);
    const QString avatarUrl = row.index.data(TimelineModel::SenderAvatarRole).toString();
    const QImage picture = row.avatars && !avatarUrl.isEmpty() ? row.avatars->avatar(avatarUrl) : QImage();
    AvatarPainter::paint(painter, avatar, picture, name, TimelineStyle::senderColor(senderId), f.name);

    const QPoint topLeft(avatar.right() + 1 + 6, lineTopLeft.y());
    const QFontMetrics nameMetrics(f.name);
    const int available = std::max(0, row.bodyWidth - 80 - (topLeft.x() - lineTopLeft.x()));
    const int advance = nameMetrics.horizontalAdvance(name);
    const QString shown = advance <= available ? name : nameMetrics.elidedText(name, Qt::ElideRight, available);
    const int nameWidth = std::min(advance, available);
    painter->setFont(f.name);
    painter->setPen(TimelineStyle::senderColor(senderId));
    painter->drawText(QRect(topLeft.x(), topLeft.y(), nameWidth + 8, nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, shown);
    painter->setFont(f.small);
    painter->setPen(TimelineStyle::mutedColor(row.palette));
    const QString time = QLocale().toString(row.time().time(), QLocale::ShortFormat);
    painter->drawText(QRect(topLeft.x() + nameWidth + 8, topLeft.y(), 100, nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, time);
}

} // namespace estafette
