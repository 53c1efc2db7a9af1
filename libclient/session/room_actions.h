#pragma once

#include "net/matrix_error.h"

#include <QHash>
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
    enum class Action { CreateRoom, CreateDirectChat, Invite, Join, Decline, Leave, MarkRead, EnableEncryption };
    Q_ENUM(Action)

    RoomActions(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent = nullptr);

    // A private, invite-only room; end-to-end encrypted unless `encrypted` is false.
    void createRoom(const QString &name, const QString &topic, const QStringList &invitees, bool encrypted = true);
    // Reuses an existing direct room with that user; otherwise creates one (is_direct, invite, always end-to-end
    // encrypted) and adds it to the m.direct account data.
    void createDirectChat(const QString &userId);
    void invite(const QString &roomId, const QString &userId);
    void acceptInvite(const QString &roomId);
    void declineInvite(const QString &roomId);
    void leave(const QString &roomId);
    // Turns end-to-end encryption on (m.room.encryption, Megolm). Irreversible: the UI asks first.
    void enableEncryption(const QString &roomId);
    // The person has seen the room up to its newest event: moves the read marker and receipt there (the
    // server then clears the room's unread count in the next sync). Does nothing when already marked.
    void markRead(const QString &roomId);
    // Read receipts others can't see (m.read.private): the read marker still moves, nobody learns we read.
    void setPrivateReceipts(bool privateReceipts) { m_privateReceipts = privateReceipts; }
    bool privateReceipts() const { return m_privateReceipts; }

signals:
    void succeeded(estafette::RoomActions::Action action, const QString &roomId);
    void failed(estafette::RoomActions::Action action, const QString &roomId, const estafette::MatrixError &error);

private:
    void updateDirectAccountData(const QString &userId, const QString &roomId);
    RoomApi *m_api;
    RoomList *m_rooms;
    QString m_ownUserId;
    QHash<QString, QString> m_readUpTo; // room id -> event id last marked read
    bool m_privateReceipts = false;
};

} // namespace estafette
