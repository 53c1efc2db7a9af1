#pragma once

#include "net/retry_policy.h"

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
    // POST /keys/query with {"device_keys": {user: []}}. Read-only: retried.
    PendingRequest *query(const QJsonObject &body);
    // POST /keys/claim with {"one_time_keys": {user: {device: algorithm}}}. Only rate limits are retried: a
    // retried claim would burn more one-time keys.
    PendingRequest *claim(const QJsonObject &body);
    // GET /keys/changes?from=&to=
    PendingRequest *changes(const QString &from, const QString &to);
    // PUT /sendToDevice/{eventType}/{txnId} with {"messages": ...}: idempotent with the same txnId, so transient
    // failures are retried (8 attempts by default; RetryPolicy::unlimited() until the server answers).
    PendingRequest *sendToDevice(const QString &eventType, const QString &txnId, const QJsonObject &body,
                                 const RetryPolicy &retry = RetryPolicy{8, 500, 30000});
    // "one_time_key_counts" of a /keys/upload response (algorithm -> count); empty when absent.
    static QMap<QString, int> parseOneTimeKeyCounts(const QJsonObject &response);

private:
    HttpClient *m_http;
};

} // namespace estafette
