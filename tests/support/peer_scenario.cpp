#include "support/peer_scenario.h"

#include "session/room_actions.h"
#include "session/session.h"
#include "rooms/room.h"
#include "support/signed_in_session.h"

#include <QDeadlineTimer>
#include <QTest>

namespace estafette::test {

bool PeerScenario::setUp(const QString &myPrefix, const QString &peerPrefix, QString *error)
{
    auto s = testServer(error);
    if (!s)
        return false;
    server = *s;
    auto mine = registerUser(server, myPrefix, false, error);
    if (!mine)
        return false;
    me = *mine;
    auto theirs = registerUser(server, peerPrefix, false, error);
    if (!theirs)
        return false;
    peerUser = *theirs;
    peer = std::make_unique<NioPeer>();
    return peer->start(server, peerUser, error);
}

Room *PeerScenario::joinRoomFromPeer(Session &session, const QString &name)
{
    const QString roomId = peer->createRoom(name, {me.userId});
    if (roomId.isEmpty() || !waitForRoom(session, roomId, Membership::Invite))
        return nullptr;
    session.roomActions()->acceptInvite(roomId);
    return waitForRoom(session, roomId, Membership::Join);
}

Room *PeerScenario::joinEncryptedRoomFromPeer(Session &session, const QString &name)
{
    const QString roomId = peer->createEncryptedRoom(name, {me.userId});
    if (roomId.isEmpty() || !waitForRoom(session, roomId, Membership::Invite))
        return nullptr;
    session.roomActions()->acceptInvite(roomId);
    Room *room = waitForRoom(session, roomId, Membership::Join);
    QDeadlineTimer deadline(20000);
    while (room && !room->isEncrypted() && !deadline.hasExpired())
        QTest::qWait(50);
    return room && room->isEncrypted() ? room : nullptr;
}

} // namespace estafette::test
