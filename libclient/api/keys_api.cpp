#include "api/keys_api.h"

#include "net/http_client.h"
#include "net/retry_policy.h"

#include <QUrlQuery>

namespace estafette {

PendingRequest *KeysApi::upload(const QJsonObject &body)
{
    RequestOptions options;
    options.retry = RetryPolicy{8, 500, 30000};
    return m_http->post(QStringLiteral("/_matrix/client/v3/keys/upload"), body, options);
}

PendingRequest *KeysApi::query(const QJsonObject &body)
{
    RequestOptions options;
    options.retry = RetryPolicy{4, 500, 10000};
    return m_http->post(QStringLiteral("/_matrix/client/v3/keys/query"), body, options);
}

PendingRequest *KeysApi::claim(const QJsonObject &body)
{
    RequestOptions options;
    options.retry = RetryPolicy::rateLimitsOnly();
    return m_http->post(QStringLiteral("/_matrix/client/v3/keys/claim"), body, options);
}

PendingRequest *KeysApi::changes(const QString &from, const QString &to)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), from);
    query.addQueryItem(QStringLiteral("to"), to);
    RequestOptions options;
    options.retry = RetryPolicy{4, 500, 10000};
    return m_http->get(QStringLiteral("/_matrix/client/v3/keys/changes"), query, options);
}

PendingRequest *KeysApi::sendToDevice(const QString &eventType, const QString &txnId, const QJsonObject &body,
                                      const RetryPolicy &retry)
{
    RequestOptions options;
    options.retry = retry;
    return m_http->put(QStringLiteral("/_matrix/client/v3/sendToDevice/") + HttpClient::encodeSegment(eventType)
                           + QLatin1Char('/') + HttpClient::encodeSegment(txnId),
                       body, options);
}

QMap<QString, int> KeysApi::parseOneTimeKeyCounts(const QJsonObject &response)
{
    QMap<QString, int> counts;
    const QJsonObject object = response.value(QLatin1String("one_time_key_counts")).toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.value().isDouble() && it.value().toDouble() >= 0)
            counts.insert(it.key(), it.value().toInt());
    }
    return counts;
}

} // namespace estafette
