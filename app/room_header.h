#pragma once

#include "rooms/room.h"

#include <QPointer>
#include <QWidget>

namespace estafette {

class ElidedLabel;
class EncryptionBadge;


// Above the timeline: the room's name, topic and whether it is end-to-end encrypted, kept up to date with
// the room.
class RoomHeader : public QWidget {
    Q_OBJECT
public:
    explicit RoomHeader(QWidget *parent = nullptr);
    void setRoom(Room *room);
    EncryptionBadge *encryptionBadge() const { return m_encryption; }

private:
    void refresh();
    QPointer<Room> m_room;
    ElidedLabel *m_name;
    ElidedLabel *m_topic;
    EncryptionBadge *m_encryption;
};

} // namespace estafette
