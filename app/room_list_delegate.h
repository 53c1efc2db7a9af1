#pragma once

#include <QPointer>
#include <QStyledItemDelegate>

namespace estafette {

class AvatarSource;

// Paints one room of the room list: its avatar in a circle (the initial on a colour until, or unless, the
// picture is there), name, time of the last activity,
// last message preview (or who invited us), unread badge and invitation marker.
class RoomListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RoomListDelegate(QObject *parent = nullptr);
    // Where room avatars come from (none: initials only); not owned.
    void setAvatarSource(AvatarSource *source);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // "14:05" today, "lun." this week, a short date before.
    static QString shortTime(const QDateTime &time);

private:
    QPointer<AvatarSource> m_avatars;
    int paintBadge(QPainter *painter, const QRect &line, const QString &text, const QColor &background,
                   const QColor &foreground, const QFont &font) const;
};

} // namespace estafette
