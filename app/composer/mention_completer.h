#pragma once

#include "text/mentions.h"

#include <QList>
#include <QObject>
#include <QPointer>

class QCompleter;
class QStringListModel;

namespace estafette {

class ComposerEdit;
class Room;

// "@" completion in the composer: after an @ and a few letters, a popup lists the room's joined members whose
// display name or user id starts with them (accents and case ignored), each as the room shows it (disambiguated
// with the user id when two share a name), and @room when we may notify the whole room. Picking one replaces
// "@letters" by the member's name and remembers the mention (a pill in the formatted body, m.mentions).
class MentionCompleter : public QObject {
    Q_OBJECT
public:
    explicit MentionCompleter(ComposerEdit *edit);
    void setRoom(Room *room);

    // The mentions picked since the last take() whose text is in `sentText` (what was sent); cleared.
    QList<Mention> takeMentions(const QString &sentText);
    bool takeRoomMention(); // @room was picked
    QCompleter *completer() const { return m_completer; }
    // What the popup would list for this prefix (the text after @), in order.
    QStringList candidates(const QString &prefix) const;

private:
    void onTextChanged();
    void insert(const QString &shown);
    struct Candidate {
        QString shown;   // what the popup lists and what goes in the text
        QString userId;  // empty for @room
    };
    QList<Candidate> matching(const QString &prefix) const;
    ComposerEdit *m_edit;
    QPointer<Room> m_room;
    QCompleter *m_completer;
    QStringListModel *m_model;
    QList<Candidate> m_shownCandidates;
    QList<Mention> m_mentions;
    bool m_roomMention = false;
    int m_atPosition = -1; // where the "@" being completed is
};

} // namespace estafette
