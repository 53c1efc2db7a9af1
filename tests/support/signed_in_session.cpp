#include "support/signed_in_session.h"

#include "events/event.h"
#include "rooms/room.h"
#include "rooms/room_list.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>

namespace estafette::test {

std::unique_ptr<Session> signInSession(const TestServer &server, const TestUser &user, QString *error, int timeoutMs)
{
    auto session = std::make_unique<Session>();
    QSignalSpy failed(session.get(), &Session::signInFailed);
    QSignalSpy synced(session.get(), &Session::firstSyncDone);
    session->signIn(server.baseUrl.toString(), user.localpart, user.password);
    QDeadlineTimer deadline(timeoutMs);
    while (synced.isEmpty() && failed.isEmpty() && !deadline.hasExpired())
        QTest::qWait(20);
    if (!failed.isEmpty()) {
        const auto err = failed.first().at(1).value<MatrixError>();
        *error = QStringLiteral("sign-in failed: %1 %2").arg(err.errcode, err.message);
        return nullptr;
    }
    if (synced.isEmpty()) {
        *error = QStringLiteral("no first sync within %1 ms").arg(timeoutMs);
        return nullptr;
    }
    return session;
}

Room *waitForRoom(Session &session, const QString &roomId, Membership membership, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (session.rooms()) {
            Room *room = session.rooms()->room(roomId);
            if (room && room->membership() == membership)
                return room;
        }
        QTest::qWait(20);
    }
    return nullptr;
}

int countMessages(const Room &room, const QString &body)
{
    int count = 0;
    const Timeline *timeline = room.timeline();
    for (int i = 0; i < timeline->size(); ++i) {
        const TimelineItem &item = timeline->at(i);
        if (item.type != TimelineItem::Type::Gap && item.event.kind() == EventKind::Message
            && RoomMessageView(item.event).body() == body)
            ++count;
    }
    return count;
}

} // namespace estafette::test
