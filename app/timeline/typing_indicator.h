#pragma once

#include <QLabel>
#include <QPointer>

namespace estafette {

class Room;

// Under the timeline: "Sophie is typing…", "Sophie and Paul are typing…", "Several people are typing…", from
// the room's m.typing; hidden when nobody is. Screen readers get the same sentence (a polite live region).
class TypingIndicator : public QLabel {
    Q_OBJECT
public:
    explicit TypingIndicator(QWidget *parent = nullptr);
    void setRoom(Room *room);
    // The sentence for these members' names (empty list: empty sentence).
    static QString sentence(const QStringList &names);

private:
    void refresh();
    QPointer<Room> m_room;
};

} // namespace estafette
