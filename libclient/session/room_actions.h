#pragma once

#include "net/matrix_error.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace estafette {

class RoomApi;
class RoomList;

// What a person does to rooms: create, start a direct chat, invite, accept/decline an invite, leave.
// Results arrive through the sync loop (the room list updates); these signals report the outcome.
class RoomActions : public QObject {
    Q_OBJECT
public:
    enum class Action { CreateRoom, CreateDirectChat, Invite, Join, Decline, Leave };
    Q_ENUM(Action)

    RoomActions(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent = nullptr);

    void createRoom(const QString &name, const QString &topic, const QStringList &invitees);
    // Reuses an existing direct room with that user; otherwise creates one (is_direct, invite) and adds it to
    // the m.direct account data.
    void createDirectChat(const QString &userId);
    void invite(const QString &roomId, const QString &userId);
    void acceptInvite(const QString &roomId);
    void declineInvite(const QString &roomId);
    void leave(const QString &roomId);

signals:
    void succeeded(estafette::RoomActions::Action action, const QString &roomId);
    void failed(estafette::RoomActions::Action action, const QString &roomId, const estafette::MatrixError &error);

private:
    void updateDirectAccountData(const QString &userId, const QString &roomId);
    RoomApi *m_api;
    RoomList *m_rooms;
    QString m_ownUserId;
};

} // namespace estafette
