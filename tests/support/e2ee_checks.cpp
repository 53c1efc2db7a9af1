#include "support/e2ee_checks.h"

#include "crypto/crypto_store.h"
#include "net/http_client.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "session/crypto_session.h"
#include "session/session.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

namespace estafette::test {

QString sendAndWait(Session &session, const QString &roomId, const QString &body)
{
    QSignalSpy sent(session.outbox(), &Outbox::sent);
    session.outbox()->sendText(roomId, body);
    for (int i = 0; i < 300 && sent.isEmpty(); ++i)
        QTest::qWait(100);
    return sent.isEmpty() ? QString() : sent.first().at(2).toString();
}

Event eventById(const Room &room, const QString &eventId)
{
    for (int row = 0; row < room.timeline()->size(); ++row) {
        const TimelineItem &item = room.timeline()->at(row);
        if (item.type != TimelineItem::Type::Gap && item.event.eventId() == eventId)
            return item.event;
    }
    return {};
}

bool hasMembership(const Room &room, const QString &userId, const QString &membership)
{
    const auto member = room.state().member(userId);
    return member && member->membership == membership;
}

int knownDevices(Session &session, const QString &userId)
{
    int count = -1;
    session.crypto()->devices(userId, [&count](const QList<StoredDevice> &devices) { count = int(devices.size()); });
    for (int i = 0; i < 500 && count < 0; ++i)
        QTest::qWait(20);
    return count;
}

bool registerUsers(const TestServer &server, const QList<std::pair<TestUser *, QString>> &users, QString *error)
{
    for (const auto &[user, prefix] : users) {
        auto registered = registerUser(server, prefix, false, error);
        if (!registered)
            return false;
        *user = *registered;
    }
    return true;
}

std::optional<Event> findMessage(const Room &room, const QString &body)
{
    const Timeline *timeline = room.timeline();
    for (int row = timeline->size() - 1; row >= 0; --row) {
        const TimelineItem &item = timeline->at(row);
        if (item.type == TimelineItem::Type::Gap || item.event.kind() != EventKind::Message)
            continue;
        if (RoomMessageView(item.event).body() == body)
            return item.event;
    }
    return std::nullopt;
}

namespace {
QJsonObject getJson(Session &session, const QString &path, const QUrlQuery &query = {})
{
    auto *request = session.http()->get(path, query);
    QSignalSpy finished(request, &PendingRequest::finished);
    if (!finished.wait(20000))
        return {};
    const auto response = finished.first().at(0).value<HttpResponse>();
    return response.ok() ? response.json() : QJsonObject();
}
} // namespace

QJsonObject serverEvent(Session &session, const QString &roomId, const QString &eventId)
{
    return getJson(session, QStringLiteral("/_matrix/client/v3/rooms/%1/event/%2")
                                .arg(HttpClient::encodeSegment(roomId), HttpClient::encodeSegment(eventId)));
}

QStringList ourSessionIds(Session &session, const QString &roomId)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("dir"), QStringLiteral("b"));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    const QJsonObject page = getJson(
        session, QStringLiteral("/_matrix/client/v3/rooms/%1/messages").arg(HttpClient::encodeSegment(roomId)), query);
    QStringList ids;
    for (const QJsonValue &v : page.value(QLatin1String("chunk")).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("type")).toString() == QLatin1String("m.room.encrypted")
            && e.value(QLatin1String("sender")).toString() == session.userId())
            ids.prepend(e.value(QLatin1String("content")).toObject().value(QLatin1String("session_id")).toString());
    }
    return ids;
}

namespace {
HttpResponse call(PendingRequest *request)
{
    QSignalSpy finished(request, &PendingRequest::finished);
    if (!finished.wait(20000))
        return {};
    return finished.first().at(0).value<HttpResponse>();
}
} // namespace

QString createRoomWithState(Session &session, const QString &name, const QStringList &invite,
                            const QJsonObject &encryption, const QString &visibility)
{
    QJsonArray initial{QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.encryption")},
                                   {QStringLiteral("state_key"), QString()},
                                   {QStringLiteral("content"), encryption}}};
    if (!visibility.isEmpty())
        initial.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.history_visibility")},
                                   {QStringLiteral("state_key"), QString()},
                                   {QStringLiteral("content"),
                                    QJsonObject{{QStringLiteral("history_visibility"), visibility}}}});
    const QJsonObject body{{QStringLiteral("preset"), QStringLiteral("private_chat")},
                           {QStringLiteral("name"), name},
                           {QStringLiteral("invite"), QJsonArray::fromStringList(invite)},
                           {QStringLiteral("initial_state"), initial}};
    const HttpResponse response = call(session.http()->post(QStringLiteral("/_matrix/client/v3/createRoom"), body));
    return response.ok() ? response.json().value(QLatin1String("room_id")).toString() : QString();
}

bool putState(Session &session, const QString &roomId, const QString &type, const QJsonObject &content)
{
    const HttpResponse response = call(session.http()->put(
        QStringLiteral("/_matrix/client/v3/rooms/%1/state/%2/").arg(HttpClient::encodeSegment(roomId), type),
        content));
    return response.ok();
}

} // namespace estafette::test
