#include "api/room_api.h"

#include "net/http_client.h"
#include "net/retry_policy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace estafette {

namespace {

const QString kPrefix = QStringLiteral("/_matrix/client/v3");

QString seg(const QString &s)
{
    return HttpClient::encodeSegment(s);
}

QString roomPath(const QString &roomId, const QString &rest)
{
    return kPrefix + QStringLiteral("/rooms/") + seg(roomId) + rest;
}

} // namespace

PendingRequest *RoomApi::sendEvent(const QString &roomId, const QString &eventType, const QString &txnId,
                                   const QJsonObject &content, const RetryPolicy &retry)
{
    RequestOptions options;
    options.retry = retry;
    const QString path =
        roomPath(roomId, QStringLiteral("/send/") + seg(eventType) + QLatin1Char('/') + seg(txnId));
    return m_http->put(path, content, options);
}

PendingRequest *RoomApi::redact(const QString &roomId, const QString &eventId, const QString &txnId,
                                const QString &reason, const RetryPolicy &retry)
{
    RequestOptions options;
    options.retry = retry;
    QJsonObject body;
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    return m_http->put(roomPath(roomId, QStringLiteral("/redact/") + seg(eventId) + QLatin1Char('/') + seg(txnId)), body,
                       options);
}

PendingRequest *RoomApi::messages(const QString &roomId, const QString &from, int limit)
{
    static const QString filter = QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("lazy_load_members"), true}}).toJson(QJsonDocument::Compact));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("dir"), QStringLiteral("b"));
    if (!from.isEmpty())
        query.addQueryItem(QStringLiteral("from"), from);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("filter"), filter);
    return m_http->get(roomPath(roomId, QStringLiteral("/messages")), query);
}

PendingRequest *RoomApi::createRoom(const CreateRoomOptions &options)
{
    QJsonObject body{
        {QStringLiteral("preset"),
         options.direct ? QStringLiteral("trusted_private_chat") : QStringLiteral("private_chat")},
        {QStringLiteral("visibility"), QStringLiteral("private")},
    };
    if (options.direct)
        body.insert(QStringLiteral("is_direct"), true);
    if (!options.name.isEmpty())
        body.insert(QStringLiteral("name"), options.name);
    if (!options.topic.isEmpty())
        body.insert(QStringLiteral("topic"), options.topic);
    if (!options.invite.isEmpty())
        body.insert(QStringLiteral("invite"), QJsonArray::fromStringList(options.invite));
    if (options.encrypted)
        body.insert(QStringLiteral("initial_state"),
                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.encryption")},
                                           {QStringLiteral("state_key"), QString()},
                                           {QStringLiteral("content"),
                                            QJsonObject{{QStringLiteral("algorithm"),
                                                         QStringLiteral("m.megolm.v1.aes-sha2")}}}}});

    // Not idempotent: a retried createRoom after a lost answer would make a second room.
    RequestOptions requestOptions;
    requestOptions.retry = RetryPolicy::rateLimitsOnly();
    return m_http->post(kPrefix + QStringLiteral("/createRoom"), body, requestOptions);
}

PendingRequest *RoomApi::members(const QString &roomId)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("not_membership"), QStringLiteral("leave"));
    RequestOptions options;
    options.retry = RetryPolicy{4, 500, 10000};
    return m_http->get(roomPath(roomId, QStringLiteral("/members")), query, options);
}

PendingRequest *RoomApi::sendState(const QString &roomId, const QString &type, const QString &stateKey,
                                   const QJsonObject &content)
{
    RequestOptions options;
    options.retry = RetryPolicy{4, 500, 10000};
    return m_http->put(roomPath(roomId, QStringLiteral("/state/") + seg(type) + QLatin1Char('/') + seg(stateKey)),
                       content, options);
}

PendingRequest *RoomApi::join(const QString &roomIdOrAlias)
{
    return m_http->post(kPrefix + QStringLiteral("/join/") + seg(roomIdOrAlias), QJsonObject{});
}

PendingRequest *RoomApi::leave(const QString &roomId)
{
    return m_http->post(roomPath(roomId, QStringLiteral("/leave")), QJsonObject{});
}

PendingRequest *RoomApi::invite(const QString &roomId, const QString &userId)
{
    return m_http->post(roomPath(roomId, QStringLiteral("/invite")), QJsonObject{{QStringLiteral("user_id"), userId}});
}

PendingRequest *RoomApi::setReadMarkers(const QString &roomId, const QString &eventId, bool privateReceipt)
{
    return m_http->post(roomPath(roomId, QStringLiteral("/read_markers")),
                        QJsonObject{{QStringLiteral("m.fully_read"), eventId},
                                    {privateReceipt ? QStringLiteral("m.read.private") : QStringLiteral("m.read"), eventId}});
}

PendingRequest *RoomApi::setTyping(const QString &roomId, const QString &userId, bool typing, int timeoutMs)
{
    QJsonObject body{{QStringLiteral("typing"), typing}};
    if (typing)
        body.insert(QStringLiteral("timeout"), timeoutMs);
    return m_http->put(roomPath(roomId, QStringLiteral("/typing/") + seg(userId)), body);
}

PendingRequest *RoomApi::setAccountData(const QString &userId, const QString &type, const QJsonObject &content)
{
    return m_http->put(kPrefix + QStringLiteral("/user/") + seg(userId) + QStringLiteral("/account_data/") + seg(type),
                       content);
}

} // namespace estafette
