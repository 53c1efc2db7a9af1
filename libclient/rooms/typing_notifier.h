#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace estafette {

class RoomApi;

// Tells a room we are typing while the person composes, as the spec suggests: "typing" with a 30 s timeout when
// they start, again every 20 s while they go on, and "stopped" after 10 s without a keystroke, when the text
// is cleared, when it is sent, or when they move to another room.
class TypingNotifier : public QObject {
    Q_OBJECT
public:
    TypingNotifier(RoomApi *api, const QString &ownUserId, QObject *parent = nullptr);
    ~TypingNotifier() override;

    static constexpr int kServerTimeoutMs = 30000;
    static constexpr int kRepeatMs = 20000;
    static constexpr int kIdleMs = 10000;

    // The composer's text changed in `roomId` (empty text: the person cleared it).
    void textEdited(const QString &roomId, bool empty);
    // Sent, cleared, or left the room: we are not typing (any more).
    void stop();
    bool isTyping() const { return !m_roomId.isEmpty(); }
    void setIdleMs(int ms) { m_idle.setInterval(ms); } // tests

private:
    void send(const QString &roomId, bool typing);
    RoomApi *m_api;
    QString m_ownUserId;
    QString m_roomId;            // where we told we are typing, empty when not
    QElapsedTimer m_lastSent;
    QTimer m_idle;
};

} // namespace estafette
