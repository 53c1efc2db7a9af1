#pragma once

#include "session/session.h"
#include "support/synapse_fixture.h"
#include "sync/sync_delta.h"

#include <QString>

#include <memory>

namespace estafette {
class Room;
}

namespace estafette::test {

// Signs a libclient Session in as `user` on the test server through the real sign-in path (discovery,
// /login) and waits for the first sync. nullptr with *error set on failure.
std::unique_ptr<Session> signInSession(const TestServer &server, const TestUser &user, QString *error,
                                       int timeoutMs = 30000);

// Waits (processing events) until the session's room list has `roomId` with the given membership.
Room *waitForRoom(Session &session, const QString &roomId, Membership membership, int timeoutMs = 30000);

// Number of timeline items of the room whose event is an m.room.message with this body.
int countMessages(const Room &room, const QString &body);

} // namespace estafette::test
