#include "api/keys_api.h"

#include "net/http_client.h"
#include "net/retry_policy.h"

namespace estafette {

PendingRequest *KeysApi::upload(const QJsonObject &body)
{
    RequestOptions options;
    options.retry = RetryPolicy{8, 500, 30000};
    return m_http->post(QStringLiteral("/_matrix/client/v3/keys/upload"), body, options);
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
