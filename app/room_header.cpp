#include "room_header.h"

#include "avatar_widget.h"
#include "elided_label.h"
#include "encryption_badge.h"
#include "rooms/room.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace estafette {

RoomHeader::RoomHeader(QWidget *parent)
    : QWidget(parent)
    , m_avatar(new AvatarWidget(36, this))
    , m_name(new ElidedLabel(this))
    , m_topic(new ElidedLabel(this))
    , m_encryption(new EncryptionBadge(this))
{
    setObjectName(QStringLiteral("roomHeader"));
    m_name->setObjectName(QStringLiteral("roomHeaderName"));
    // A screen reader announces what the label shows (the room's name itself); what it is comes second.
    m_name->setAccessibleDescription(tr("Room name"));
    QFont nameFont = m_name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.25);
    m_name->setFont(nameFont);

    m_topic->setObjectName(QStringLiteral("roomHeaderTopic"));
    m_topic->setAccessibleDescription(tr("Room topic"));
    QPalette muted = m_topic->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_topic->setPalette(muted);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_name, 1);
    titleRow->addWidget(m_encryption);
    auto *texts = new QVBoxLayout;
    texts->setSpacing(2);
    texts->addLayout(titleRow);
    texts->addWidget(m_topic);
    m_avatar->setObjectName(QStringLiteral("roomHeaderAvatar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(10);
    layout->addWidget(m_avatar, 0, Qt::AlignVCenter);
    layout->addLayout(texts, 1);
    refresh();
}

void RoomHeader::setRoom(Room *room)
{
    if (m_room)
        disconnect(m_room, nullptr, this, nullptr);
    m_room = room;
    if (room)
        connect(room, &Room::changed, this, &RoomHeader::refresh);
    refresh();
}

void RoomHeader::setAvatarSource(AvatarSource *source)
{
    m_avatar->setAvatarSource(source);
}

void RoomHeader::refresh()
{
    m_avatar->setVisible(m_room != nullptr);
    if (m_room)
        m_avatar->setAvatar(m_room->avatarUrl(), m_room->displayName(), m_room->id());
    m_name->setText(m_room ? m_room->displayName() : QString());
    m_name->update();
    const QString topic = m_room ? m_room->topic() : QString();
    m_topic->setText(topic);
    m_topic->setVisible(!topic.isEmpty());
    m_topic->update();
    m_encryption->setEncrypted(m_room && m_room->isEncrypted());
    m_encryption->setVisible(m_room != nullptr);
}

} // namespace estafette
