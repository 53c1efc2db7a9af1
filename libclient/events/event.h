#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace estafette {

// What kind of event a type string names. Unknown types are kept as Kind::Unknown, never dropped.
enum class EventKind {
    Unknown,
    Message,           // m.room.message
    Member,            // m.room.member
    Name,              // m.room.name
    Topic,             // m.room.topic
    Avatar,            // m.room.avatar
    Create,            // m.room.create
    CanonicalAlias,    // m.room.canonical_alias
    JoinRules,         // m.room.join_rules
    PowerLevels,       // m.room.power_levels
    HistoryVisibility, // m.room.history_visibility
    GuestAccess,       // m.room.guest_access
    Encryption,        // m.room.encryption
    Encrypted,         // m.room.encrypted
    Redaction,         // m.room.redaction
    Reaction,          // m.reaction
};
EventKind eventKindFromType(const QString &type);

// A typed view over one event's original JSON. Cheap to copy (implicitly shared QJsonObject).
class Event {
public:
    Event() = default;
    explicit Event(QJsonObject json);

    // nullopt when the value is not an object or has no string "type" (malformed: caller logs and skips).
    // Room events additionally need "event_id" and "sender" unless `stripped` (invite_state / account data).
    static std::optional<Event> fromJson(const QJsonValue &value, bool requireRoomEventFields);

    const QJsonObject &json() const { return m_json; }
    QString type() const;
    EventKind kind() const { return eventKindFromType(type()); }
    QString eventId() const;
    QString sender() const;
    qint64 originServerTs() const;     // ms since epoch, 0 when absent
    QDateTime timestamp() const;       // local time from originServerTs
    bool isState() const;              // has a string "state_key"
    QString stateKey() const;
    QJsonObject content() const;       // empty object when absent or not an object
    QJsonObject prevContent() const;   // unsigned.prev_content (or top-level prev_content)
    QJsonObject unsignedData() const;
    QString transactionId() const;     // unsigned.transaction_id: set on our own echoes
    bool isRedacted() const;           // unsigned.redacted_because present

private:
    QJsonObject m_json;
};

// m.room.message
class RoomMessageView {
public:
    explicit RoomMessageView(const Event &e) : m_event(e) {}
    QString msgtype() const;        // "m.text", "m.notice", "m.emote", ... ("" if missing)
    QString body() const;           // "" if missing or not a string
    QString format() const;
    QString formattedBody() const;
private:
    const Event &m_event;
};

// m.room.member
class MemberView {
public:
    explicit MemberView(const Event &e) : m_event(e) {}
    QString userId() const { return m_event.stateKey(); }
    QString membership() const;     // join, invite, leave, ban, knock ("" if missing)
    QString prevMembership() const; // from prev_content
    QString displayName() const;    // may be empty
    QString prevDisplayName() const;
    QString avatarUrl() const;
    QString reason() const;
    bool isDirect() const;          // content.is_direct
private:
    const Event &m_event;
};

} // namespace estafette
