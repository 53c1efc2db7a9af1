#include "session/room_actions.h"

#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/room.h"
#include "rooms/room_list.h"

#include <QJsonArray>

namespace estafette {

namespace {
// Calls `onOk` with the response when the request succeeds, emits failed() otherwise.
template<typename OnOk>
void whenDone(PendingRequest *request, RoomActions *actions, RoomActions::Action action, const QString &roomId,
              OnOk onOk)
{
    QObject::connect(request, &PendingRequest::finished, actions,
                     [actions, action, roomId, onOk](const HttpResponse &response) {
                         if (response.ok())
                             onOk(response);
                         else
                             emit actions->failed(action, roomId, response.error);
                     });
}
} // namespace

RoomActions::RoomActions(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_rooms(rooms)
    , m_ownUserId(ownUserId)
{
}

void RoomActions::createRoom(const QString &name, const QString &topic, const QStringList &invitees, bool encrypted)
{
    CreateRoomOptions options;
    options.encrypted = encrypted;
    options.name = name;
    options.topic = topic;
    options.invite = invitees;
    whenDone(m_api->createRoom(options), this, Action::CreateRoom, {}, [this](const HttpResponse &r) {
        emit succeeded(Action::CreateRoom, r.json().value(QStringLiteral("room_id")).toString());
    });
}

void RoomActions::enableEncryption(const QString &roomId)
{
    const QJsonObject content{{QStringLiteral("algorithm"), QStringLiteral("m.megolm.v1.aes-sha2")}};
    whenDone(m_api->sendState(roomId, QStringLiteral("m.room.encryption"), QString(), content), this,
             Action::EnableEncryption, roomId,
             [this, roomId](const HttpResponse &) { emit succeeded(Action::EnableEncryption, roomId); });
}

void RoomActions::createDirectChat(const QString &userId)
{
    const QString existing = m_rooms->directRoomWith(userId);
    if (!existing.isEmpty()) {
        emit succeeded(Action::CreateDirectChat, existing);
        return;
    }
    CreateRoomOptions options;
    options.invite = {userId};
    options.direct = true;
    options.encrypted = true;
    whenDone(m_api->createRoom(options), this, Action::CreateDirectChat, {}, [this, userId](const HttpResponse &r) {
        const QString roomId = r.json().value(QStringLiteral("room_id")).toString();
        updateDirectAccountData(userId, roomId);
        emit succeeded(Action::CreateDirectChat, roomId);
    });
}

void RoomActions::updateDirectAccountData(const QString &userId, const QString &roomId)
{
    // m.direct is a whole-object replace: start from what sync told us and add the new room.
    QJsonObject content;
    const auto direct = m_rooms->directChats();
    for (auto it = direct.cbegin(); it != direct.cend(); ++it)
        content.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QStringList rooms = direct.value(userId);
    if (!rooms.contains(roomId))
        rooms.append(roomId);
    content.insert(userId, QJsonArray::fromStringList(rooms));
    whenDone(m_api->setAccountData(m_ownUserId, QStringLiteral("m.direct"), content), this, Action::CreateDirectChat,
             roomId, [](const HttpResponse &) {});
}

void RoomActions::invite(const QString &roomId, const QString &userId)
{
    whenDone(m_api->invite(roomId, userId), this, Action::Invite, roomId,
             [this, roomId](const HttpResponse &) { emit succeeded(Action::Invite, roomId); });
}

void RoomActions::acceptInvite(const QString &roomId)
{
    whenDone(m_api->join(roomId), this, Action::Join, roomId,
             [this, roomId](const HttpResponse &) { emit succeeded(Action::Join, roomId); });
}

void RoomActions::declineInvite(const QString &roomId)
{
    whenDone(m_api->leave(roomId), this, Action::Decline, roomId,
             [this, roomId](const HttpResponse &) { emit succeeded(Action::Decline, roomId); });
}

void RoomActions::leave(const QString &roomId)
{
    whenDone(m_api->leave(roomId), this, Action::Leave, roomId,
             [this, roomId](const HttpResponse &) { emit succeeded(Action::Leave, roomId); });
}

void RoomActions::markRead(const QString &roomId)
{
    const Room *room = m_rooms->room(roomId);
    if (!room || room->membership() != Membership::Join)
        return;
    const Timeline *timeline = room->timeline();
    QString newest;
    for (int row = timeline->size() - 1; row >= 0 && newest.isEmpty(); --row)
        newest = timeline->at(row).event.eventId(); // gaps and unsent echoes have none
    if (newest.isEmpty() || (m_readUpTo.value(roomId) == newest && room->unreadCount() == 0))
        return;
    m_readUpTo.insert(roomId, newest);
    whenDone(m_api->setReadMarkers(roomId, newest, m_privateReceipts), this, Action::MarkRead, roomId,
             [this, roomId](const HttpResponse &) { emit succeeded(Action::MarkRead, roomId); });
}

} // namespace estafette
