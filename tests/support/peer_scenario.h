#pragma once

#include "support/nio_peer.h"
#include "support/synapse_fixture.h"

#include <memory>

namespace estafette {
class Room;
class Session;
}

namespace estafette::test {

// The usual cast of an integration test: the test server, a fresh user for Estafette, and a matrix-nio peer
// signed in as another fresh user.
struct PeerScenario {
    TestServer server;
    TestUser me;
    TestUser peerUser;
    std::unique_ptr<NioPeer> peer;

    // False with *error set when any step fails (the test then fails; it never skips).
    bool setUp(const QString &myPrefix, const QString &peerPrefix, QString *error);
    // The peer creates a room named `name` and invites us; `session` accepts. The joined room, or nullptr.
    Room *joinRoomFromPeer(Session &session, const QString &name);
    // The same with m.room.encryption (Megolm) in the room's initial state: the joined room once `session` knows
    // it is encrypted, or nullptr.
    Room *joinEncryptedRoomFromPeer(Session &session, const QString &name);
};

} // namespace estafette::test
