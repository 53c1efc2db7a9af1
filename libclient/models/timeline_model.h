#pragma once

#include <QAbstractListModel>
#include <QPointer>

#include "rooms/room.h" // QPointer<Room> converts to Room* only with the complete type

namespace estafette {

class Room;
class Timeline;
struct TimelineItem;

// Rows of one room's Timeline, forwarding its exact insert/remove/change signals.
class TimelineModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        EventIdRole = Qt::UserRole + 1,
        SenderIdRole,
        SenderNameRole,   // display name per the room's state
        TimestampRole,    // QDateTime (local)
        BodyRole,         // message body, or the sentence for state/unsupported events (also DisplayRole)
        ItemKindRole,     // ItemKind
        SendStateRole,    // int(SendState)
        TransactionIdRole,
        IsOwnRole,        // sent by this account
        EventTypeRole,
        UnreadableReasonRole, // why a message can't be shown as sent (describeUnreadable()); empty otherwise
    };
    enum class ItemKind { Message, Emote, Notice, StateChange, Unsupported, Gap };
    Q_ENUM(ItemKind)

    explicit TimelineModel(QObject *parent = nullptr);
    void setRoom(Room *room); // nullptr clears
    Room *room() const { return m_room; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static ItemKind kindOf(const TimelineItem &item);

private:
    QPointer<Room> m_room;
    Room *m_roomRaw = nullptr;         // cleared on destroyed(), before QPointer would be
    Timeline *m_timeline = nullptr;
};

} // namespace estafette
