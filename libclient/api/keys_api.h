#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace estafette {

class HttpClient;
class PendingRequest;

// End-to-end encryption key calls of the client-server API.
class KeysApi {
public:
    explicit KeysApi(HttpClient *http) : m_http(http) {}

    // POST /keys/upload with any of "device_keys", "one_time_keys", "fallback_keys". Retried on transient
    // failures: the body is the same on every attempt, and the server accepts an identical key again.
    PendingRequest *upload(const QJsonObject &body);
    // "one_time_key_counts" of a /keys/upload response (algorithm -> count); empty when absent.
    static QMap<QString, int> parseOneTimeKeyCounts(const QJsonObject &response);

private:
    HttpClient *m_http;
};

} // namespace estafette
