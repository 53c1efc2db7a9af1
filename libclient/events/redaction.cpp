#include "events/redaction.h"

#include "events/event_encryption.h"

#include <QJsonValue>
#include <QSet>

namespace estafette {

namespace {

QStringList keptContentKeys(const QString &type)
{
    if (type == QLatin1String("m.room.member"))
        return {QStringLiteral("membership"), QStringLiteral("join_authorised_via_users_server")};
    if (type == QLatin1String("m.room.join_rules"))
        return {QStringLiteral("join_rule"), QStringLiteral("allow")};
    if (type == QLatin1String("m.room.power_levels"))
        return {QStringLiteral("ban"), QStringLiteral("events"), QStringLiteral("events_default"),
                QStringLiteral("invite"), QStringLiteral("kick"), QStringLiteral("redact"),
                QStringLiteral("state_default"), QStringLiteral("users"), QStringLiteral("users_default")};
    if (type == QLatin1String("m.room.history_visibility"))
        return {QStringLiteral("history_visibility")};
    if (type == QLatin1String("m.room.redaction"))
        return {QStringLiteral("redacts")};
    return {};
}

} // namespace

QString redactedEventId(const Event &redaction)
{
    if (redaction.kind() != EventKind::Redaction)
        return {};
    const QJsonValue inContent = redaction.content().value(QLatin1String("redacts"));
    if (inContent.isString() && !inContent.toString().isEmpty())
        return inContent.toString();
    const QJsonValue topLevel = redaction.json().value(QLatin1String("redacts"));
    return topLevel.isString() ? topLevel.toString() : QString();
}

Event redactedEvent(const Event &event, const Event &redaction)
{
    static const QSet<QString> keptTopLevel = {
        QStringLiteral("event_id"), QStringLiteral("type"),       QStringLiteral("room_id"),
        QStringLiteral("sender"),   QStringLiteral("state_key"),  QStringLiteral("hashes"),
        QStringLiteral("signatures"), QStringLiteral("depth"),    QStringLiteral("prev_events"),
        QStringLiteral("auth_events"), QStringLiteral("origin_server_ts"), kE2eKey,
    };
    const QJsonObject original = event.json();
    QJsonObject json;
    for (auto it = original.constBegin(); it != original.constEnd(); ++it) {
        if (keptTopLevel.contains(it.key()))
            json.insert(it.key(), it.value());
    }
    QJsonObject content;
    const QJsonObject originalContent = event.content();
    if (event.type() == QLatin1String("m.room.create")) {
        content = originalContent; // room version 11 keeps the whole creation content
    } else {
        for (const QString &key : keptContentKeys(event.type())) {
            if (originalContent.contains(key))
                content.insert(key, originalContent.value(key));
        }
    }
    json.insert(QStringLiteral("content"), content);

    QJsonObject unsignedData;
    const QString txnId = event.transactionId();
    if (!txnId.isEmpty())
        unsignedData.insert(QStringLiteral("transaction_id"), txnId);
    // What the redaction itself says (who, when, why) — its own reason, not the deleted text.
    QJsonObject because = redaction.json();
    because.remove(kE2eKey);
    unsignedData.insert(QStringLiteral("redacted_because"), because);
    json.insert(QStringLiteral("unsigned"), unsignedData);
    return Event(json);
}

} // namespace estafette
