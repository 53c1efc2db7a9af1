#pragma once

#include "events/event.h"
#include "events/event_encryption.h"
#include "support/synapse_fixture.h"

#include <QString>

#include <optional>

namespace estafette {
class Room;
class Session;
}

namespace estafette::test {

// Sends through the outbox and waits (30 s) for the server's event id; empty on failure.
QString sendAndWait(Session &session, const QString &roomId, const QString &body);
// The timeline event with this id, or an empty event.
Event eventById(const Room &room, const QString &eventId);
// Whether `userId` has this membership in the room's state.
bool hasMembership(const Room &room, const QString &userId, const QString &membership);
// How many devices of `userId` the session's encryption knows (after a query when needed); -1 on timeout.
int knownDevices(Session &session, const QString &userId);
// Fresh users on the test server, one per prefix; false with *error on failure.
bool registerUsers(const TestServer &server, const QList<std::pair<TestUser *, QString>> &users, QString *error);

// The newest timeline event of `room` that is an m.room.message with this body (decrypted or not).
std::optional<Event> findMessage(const Room &room, const QString &body);
// The event as the server stores it (GET /rooms/{room}/event/{id} with the session's token); empty on failure.
QJsonObject serverEvent(Session &session, const QString &roomId, const QString &eventId);
// Megolm session id of each of our m.room.encrypted events in the room as the server has them, oldest first
// (from /messages): which session encrypted each message we sent.
QStringList ourSessionIds(Session &session, const QString &roomId);

// POST /createRoom as the session's user: private, inviting `invite`, with m.room.encryption `encryption` (and
// m.room.history_visibility `visibility` when given) in the initial state. The room id, empty on failure.
QString createRoomWithState(Session &session, const QString &name, const QStringList &invite,
                            const QJsonObject &encryption, const QString &visibility = {});
// PUT a state event as the session's user; false on failure.
bool putState(Session &session, const QString &roomId, const QString &type, const QJsonObject &content);

} // namespace estafette::test
