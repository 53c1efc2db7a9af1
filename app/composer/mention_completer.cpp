#include "composer/mention_completer.h"

#include "composer_edit.h"
#include "rooms/room.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QTextCursor>

namespace estafette {

namespace {

constexpr int kMaxShown = 8;
const QString kRoom = QStringLiteral("@room");

QString folded(const QString &text)
{
    const QString decomposed = text.toLower().normalized(QString::NormalizationForm_D);
    QString out;
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c);
    }
    return out;
}

} // namespace

MentionCompleter::MentionCompleter(ComposerEdit *edit)
    : QObject(edit), m_edit(edit), m_completer(new QCompleter(this)), m_model(new QStringListModel(this))
{
    m_completer->setModel(m_model);
    m_completer->setWidget(edit);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->popup()->setObjectName(QStringLiteral("mentionPopup"));
    m_completer->popup()->setAccessibleName(tr("Members to mention"));
    edit->setCompletionPopup(m_completer->popup());
    connect(edit, &QPlainTextEdit::textChanged, this, &MentionCompleter::onTextChanged);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &MentionCompleter::insert);
}

void MentionCompleter::setRoom(Room *room)
{
    m_room = room;
    m_mentions.clear();
    m_roomMention = false;
    m_completer->popup()->hide();
}

QList<MentionCompleter::Candidate> MentionCompleter::matching(const QString &prefix) const
{
    QList<Candidate> found;
    if (!m_room)
        return found;
    const QString wanted = folded(prefix);
    const QString own = m_room->ownUserId();
    if (QStringLiteral("room").startsWith(wanted) && m_room->state().powerLevels().canNotifyRoom(own))
        found.append(Candidate{kRoom, {}});
    QList<Candidate> members;
    for (const MemberInfo &member : m_room->state().members(QStringLiteral("join"))) {
        if (member.userId == own)
            continue;
        const bool byName = folded(member.displayName).startsWith(wanted)
            || folded(member.displayName).contains(QLatin1Char(' ') + wanted);
        const bool byId = folded(member.userId.mid(1)).startsWith(wanted);
        if (wanted.isEmpty() || byName || byId)
            members.append(Candidate{m_room->memberName(member.userId), member.userId});
    }
    // In the order of the names shown (a person looks for a name, not an id).
    std::sort(members.begin(), members.end(), [](const Candidate &a, const Candidate &b) {
        return QString::localeAwareCompare(a.shown, b.shown) < 0;
    });
    found += members.mid(0, kMaxShown - found.size());
    return found;
}

QStringList MentionCompleter::candidates(const QString &prefix) const
{
    QStringList shown;
    for (const Candidate &c : matching(prefix))
        shown.append(c.shown);
    return shown;
}

void MentionCompleter::onTextChanged()
{
    const QTextCursor cursor = m_edit->textCursor();
    const QString line = cursor.block().text().left(cursor.positionInBlock());
    const int at = int(line.lastIndexOf(QLatin1Char('@')));
    // "@" starting a word, followed by the letters typed so far (no space yet).
    if (at < 0 || (at > 0 && !line.at(at - 1).isSpace()) || line.mid(at + 1).contains(QLatin1Char(' '))
        || line.size() - at - 1 > 40) {
        m_completer->popup()->hide();
        m_atPosition = -1;
        return;
    }
    const QString prefix = line.mid(at + 1);
    m_shownCandidates = matching(prefix);
    if (m_shownCandidates.isEmpty()) {
        m_completer->popup()->hide();
        m_atPosition = -1;
        return;
    }
    m_atPosition = cursor.block().position() + at;
    QStringList rows;
    for (const Candidate &c : std::as_const(m_shownCandidates))
        rows.append(c.userId.isEmpty() ? tr("@room — notify everyone in the room") : c.shown + QStringLiteral("  ") + c.userId);
    m_model->setStringList(rows);
    QRect rect = m_edit->cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0) + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

void MentionCompleter::insert(const QString &row)
{
    const qsizetype index = m_model->stringList().indexOf(row);
    if (index < 0 || index >= m_shownCandidates.size() || m_atPosition < 0)
        return;
    const Candidate picked = m_shownCandidates.at(index);
    QTextCursor cursor = m_edit->textCursor();
    const int end = cursor.position();
    cursor.setPosition(m_atPosition);
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    const QString text = picked.userId.isEmpty() ? kRoom : picked.shown;
    cursor.insertText(text + QLatin1Char(' '));
    m_edit->setTextCursor(cursor);
    if (picked.userId.isEmpty())
        m_roomMention = true;
    else if (!m_mentions.contains(Mention{picked.userId, text}))
        m_mentions.append(Mention{picked.userId, text});
    m_completer->popup()->hide();
    m_atPosition = -1;
}

QList<Mention> MentionCompleter::takeMentions(const QString &text)
{
    QList<Mention> still;
    for (const Mention &m : std::as_const(m_mentions)) {
        if (text.contains(m.text))
            still.append(m);
    }
    m_mentions.clear();
    return still;
}

bool MentionCompleter::takeRoomMention()
{
    return std::exchange(m_roomMention, false);
}

} // namespace estafette
