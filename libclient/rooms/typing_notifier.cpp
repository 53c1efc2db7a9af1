#include "rooms/typing_notifier.h"

#include "api/room_api.h"

namespace estafette {

TypingNotifier::TypingNotifier(RoomApi *api, const QString &ownUserId, QObject *parent)
    : QObject(parent), m_api(api), m_ownUserId(ownUserId)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleMs);
    connect(&m_idle, &QTimer::timeout, this, &TypingNotifier::stop);
}

TypingNotifier::~TypingNotifier() = default;

void TypingNotifier::textEdited(const QString &roomId, bool empty)
{
    if (empty) {
        stop();
        return;
    }
    if (!m_roomId.isEmpty() && m_roomId != roomId)
        stop();
    if (m_roomId.isEmpty() || m_lastSent.elapsed() >= kRepeatMs) {
        m_roomId = roomId;
        send(roomId, true);
    }
    m_idle.start();
}

void TypingNotifier::stop()
{
    m_idle.stop();
    if (m_roomId.isEmpty())
        return;
    const QString roomId = std::exchange(m_roomId, QString());
    send(roomId, false);
}

void TypingNotifier::send(const QString &roomId, bool typing)
{
    if (!m_api)
        return;
    if (typing)
        m_lastSent.start();
    // Best effort: a typing notice that does not arrive is not worth a retry (the next keystroke sends another).
    // The request deletes itself when done.
    m_api->setTyping(roomId, m_ownUserId, typing, kServerTimeoutMs);
}

} // namespace estafette
