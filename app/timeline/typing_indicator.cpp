#include "timeline/typing_indicator.h"

#include "rooms/room.h"

namespace estafette {

TypingIndicator::TypingIndicator(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("typingIndicator"));
    setTextFormat(Qt::PlainText);
    setContentsMargins(12, 2, 8, 0);
    QFont small = font();
    small.setItalic(true);
    small.setPointSizeF(small.pointSizeF() * 0.9);
    setFont(small);
    QPalette muted = palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    setPalette(muted);
    hide();
}

QString TypingIndicator::sentence(const QStringList &names)
{
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(names.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(names.at(0), names.at(1));
    case 3:
        return tr("%1, %2 and %3 are typing…").arg(names.at(0), names.at(1), names.at(2));
    default:
        return tr("Several people are typing…");
    }
}

void TypingIndicator::setRoom(Room *room)
{
    if (m_room)
        disconnect(m_room, nullptr, this, nullptr);
    m_room = room;
    if (room)
        connect(room, &Room::typingChanged, this, &TypingIndicator::refresh);
    refresh();
}

void TypingIndicator::refresh()
{
    QStringList names;
    if (m_room) {
        for (const QString &userId : m_room->presence().typingUsers())
            names.append(m_room->memberName(userId));
    }
    const QString text = sentence(names);
    setText(text);
    setAccessibleName(text);
    setVisible(!text.isEmpty());
}

} // namespace estafette
