#pragma once

#include "rooms/room.h"

#include <QPointer>
#include <QWidget>

namespace estafette {

class AvatarSource;
class AvatarWidget;
class ElidedLabel;
class EncryptionBadge;


// Above the timeline: the room's avatar, name, topic and whether it is end-to-end encrypted, kept up to date with
// the room.
class RoomHeader : public QWidget {
    Q_OBJECT
public:
    explicit RoomHeader(QWidget *parent = nullptr);
    void setRoom(Room *room);
    EncryptionBadge *encryptionBadge() const { return m_encryption; }
    AvatarWidget *avatar() const { return m_avatar; }
    // Where the room's avatar comes from (none: its initial); not owned.
    void setAvatarSource(AvatarSource *source);

private:
    void refresh();
    QPointer<Room> m_room;
    AvatarWidget *m_avatar;
    ElidedLabel *m_name;
    ElidedLabel *m_topic;
    EncryptionBadge *m_encryption;
};

} // namespace estafette
