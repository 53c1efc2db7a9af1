#pragma once

#include <QStyledItemDelegate>

namespace estafette {

// Paints one room of the room list: initial in a coloured circle, name, time of the last activity,
// last message preview (or who invited us), unread badge and invitation marker.
class RoomListDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RoomListDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // "14:05" today, "lun." this week, a short date before.
    static QString shortTime(const QDateTime &time);

private:
    int paintBadge(QPainter *painter, const QRect &line, const QString &text, const QColor &background,
                   const QColor &foreground, const QFont &font) const;
};

} // namespace estafette
