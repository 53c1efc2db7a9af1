#pragma once

#include "rooms/room.h"

#include <QPointer>
#include <QWidget>

class QLabel;

namespace estafette {

class ElidedLabel;


// Above the timeline: the room's name and topic, kept up to date with the room.
class RoomHeader : public QWidget {
    Q_OBJECT
public:
    explicit RoomHeader(QWidget *parent = nullptr);
    void setRoom(Room *room);

private:
    void refresh();
    QPointer<Room> m_room;
    ElidedLabel *m_name;
    ElidedLabel *m_topic;
    QLabel *m_encrypted;
};

} // namespace estafette
