#include "room_list_delegate.h"

#include "avatar_painter.h"
#include "lock_icon.h"
#include "media/avatar_source.h"
#include "models/room_list_model.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>

namespace estafette {

namespace {
constexpr int kRowHeight = 60;
constexpr int kAvatar = 38;
constexpr int kPad = 10;
const QColor kAccent(0x00, 0x00, 0x91);
const QColor kHighlight(0xce, 0x05, 0x00);

} // namespace

RoomListDelegate::RoomListDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void RoomListDelegate::setAvatarSource(AvatarSource *source)
{
    m_avatars = source;
}

QString RoomListDelegate::shortTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDate date = time.date();
    const QDate today = QDate::currentDate();
    if (date == today)
        return QLocale().toString(time.time(), QLocale::ShortFormat);
    if (date > today.addDays(-7) && date < today)
        return QLocale().dayName(date.dayOfWeek(), QLocale::ShortFormat);
    return QLocale().toString(date, QLocale::ShortFormat);
}

QSize RoomListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int lines = 2 * option.fontMetrics.height() + 2 * kPad;
    return {200, std::max(kRowHeight, lines)};
}

int RoomListDelegate::paintBadge(QPainter *painter, const QRect &line, const QString &text,
                                 const QColor &background, const QColor &foreground, const QFont &font) const
{
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 2;
    const int width = std::max(height, metrics.horizontalAdvance(text) + 12);
    const QRect badge(line.right() - width, line.center().y() - height / 2, width, height);
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
    painter->setFont(font);
    painter->setPen(foreground);
    painter->drawText(badge, Qt::AlignCenter, text);
    return width;
}

void RoomListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = {};
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor text = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = selected ? text : option.palette.color(group, QPalette::PlaceholderText);

    const QString name = index.data(RoomListModel::NameRole).toString();
    const QString roomId = index.data(RoomListModel::RoomIdRole).toString();
    const bool invite = index.data(RoomListModel::IsInviteRole).toBool();
    const int unread = index.data(RoomListModel::UnreadCountRole).toInt();
    const int highlights = index.data(RoomListModel::HighlightCountRole).toInt();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect rect = option.rect;

    // Avatar: the room's picture, or its initial, in a circle (the same place either way).
    const QRect avatar(rect.left() + kPad, rect.center().y() - kAvatar / 2, kAvatar, kAvatar);
    const QString avatarUrl = index.data(RoomListModel::AvatarUrlRole).toString();
    const QImage picture = m_avatars && !avatarUrl.isEmpty() ? m_avatars->avatar(avatarUrl) : QImage();
    AvatarPainter::paint(painter, avatar, picture, name, AvatarPainter::colorFor(roomId), option.font);

    const int left = avatar.right() + kPad;
    const int lineHeight = option.fontMetrics.height();
    const int top = rect.center().y() - lineHeight - 1;
    QRect firstLine(left, top, rect.right() - kPad - left, lineHeight);
    QRect secondLine(left, top + lineHeight + 2, firstLine.width(), lineHeight);

    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    const QString time = shortTime(index.data(RoomListModel::LastActivityRole).toDateTime());
    if (!time.isEmpty()) {
        painter->setFont(small);
        painter->setPen(muted);
        const int timeWidth = QFontMetrics(small).horizontalAdvance(time);
        painter->drawText(firstLine, Qt::AlignRight | Qt::AlignVCenter, time);
        firstLine.setRight(firstLine.right() - timeWidth - 8);
    }

    // Encrypted rooms: a small padlock before the name.
    if (index.data(RoomListModel::IsEncryptedRole).toBool()) {
        const int h = std::max(9, lineHeight * 3 / 4);
        const int w = (h * 4 + 4) / 5;
        LockIcon::paint(painter, QRectF(firstLine.left(), firstLine.center().y() - h / 2.0, w, h), muted);
        firstLine.setLeft(firstLine.left() + w + 5);
    }

    QFont nameFont = option.font;
    nameFont.setBold(unread > 0 || invite);
    painter->setFont(nameFont);
    painter->setPen(text);
    painter->drawText(firstLine, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, firstLine.width()));

    QFont badgeFont = small;
    badgeFont.setBold(true);
    if (invite) {
        const int width = paintBadge(painter, secondLine, tr("Invitation"), kAccent, Qt::white, badgeFont);
        secondLine.setRight(secondLine.right() - width - 6);
    } else if (unread > 0) {
        const QString count = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
        const int width = paintBadge(painter, secondLine, count, highlights > 0 ? kHighlight : kAccent, Qt::white,
                                     badgeFont);
        secondLine.setRight(secondLine.right() - width - 6);
    }

    QString preview;
    if (invite) {
        const QString inviter = index.data(RoomListModel::InviterRole).toString();
        preview = inviter.isEmpty() ? tr("You are invited") : tr("Invited by %1").arg(inviter);
    } else {
        preview = index.data(RoomListModel::LastMessageRole).toString();
    }
    preview.replace(QLatin1Char('\n'), QLatin1Char(' '));
    painter->setFont(small);
    painter->setPen(muted);
    painter->drawText(secondLine, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(small).elidedText(preview, Qt::ElideRight, secondLine.width()));
    painter->restore();
}

} // namespace estafette
