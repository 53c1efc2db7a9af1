#include "events/state_summary.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonValue>
#include <QSet>
#include <QStringList>

namespace estafette {

namespace {

constexpr const char *kContext = "EventDescription"; // the context of every timeline sentence

// Sentences marked with QT_TRANSLATE_NOOP / QT_TRANSLATE_N_NOOP (lupdate finds them there), translated here.
QString translated(const char *text, int n = -1)
{
    return QCoreApplication::translate(kContext, text, nullptr, n);
}

QString nameFor(const NameLookup &nameOf, const QString &userId)
{
    return memberNameFor(nameOf, userId);
}

// Where the run took one member, from their first member event in it to their last.
struct MemberRun {
    QString userId;
    QString name;          // the newest display name the run gives them, empty when none
    QString before;        // membership before the run (the first event's prev_content)
    QString after;         // membership after it
};

enum class Outcome { Joined, Left, Invited, Banned, Profile, Other };

Outcome outcomeOf(const MemberRun &member)
{
    const bool joinedBefore = member.before == QLatin1String("join");
    const bool joinedAfter = member.after == QLatin1String("join");
    if (!joinedBefore && joinedAfter)
        return Outcome::Joined;
    if (joinedBefore && joinedAfter)
        return Outcome::Profile;
    if (member.after == QLatin1String("ban"))
        return Outcome::Banned;
    if (joinedBefore)
        return member.after == QLatin1String("leave") ? Outcome::Left : Outcome::Other;
    if (member.after == QLatin1String("invite"))
        return Outcome::Invited;
    return Outcome::Other; // declined, withdrawn, unbanned, knocked, or joined and left within the run
}

// "Alice joined", "Alice and Bob joined", "3 people joined": names while they fit in a short sentence.
QString namesPart(const QStringList &names, const char *one, const char *two, const char *many)
{
    if (names.size() == 1)
        return translated(one).arg(names.at(0));
    if (names.size() == 2)
        return translated(two).arg(names.at(0), names.at(1));
    return translated(many, int(names.size()));
}

QStringList membershipParts(const QList<MemberRun> &members, const NameLookup &nameOf, int *others)
{
    QStringList joined, left, invited, banned, profile;
    for (const MemberRun &member : members) {
        const QString name = member.name.isEmpty() ? nameFor(nameOf, member.userId) : member.name;
        switch (outcomeOf(member)) {
        case Outcome::Joined:
            joined << name;
            break;
        case Outcome::Left:
            left << name;
            break;
        case Outcome::Invited:
            invited << name;
            break;
        case Outcome::Banned:
            banned << name;
            break;
        case Outcome::Profile:
            profile << name;
            break;
        case Outcome::Other:
            ++*others;
            break;
        }
    }
    QStringList parts;
    if (!joined.isEmpty())
        parts << namesPart(joined, QT_TRANSLATE_NOOP("EventDescription", "%1 joined"),
                           QT_TRANSLATE_NOOP("EventDescription", "%1 and %2 joined"),
                           QT_TRANSLATE_N_NOOP("EventDescription", "%n people joined"));
    if (!left.isEmpty())
        parts << namesPart(left, QT_TRANSLATE_NOOP("EventDescription", "%1 left"),
                           QT_TRANSLATE_NOOP("EventDescription", "%1 and %2 left"),
                           QT_TRANSLATE_N_NOOP("EventDescription", "%n people left"));
    if (!invited.isEmpty())
        parts << namesPart(invited, QT_TRANSLATE_NOOP("EventDescription", "%1 was invited"),
                           QT_TRANSLATE_NOOP("EventDescription", "%1 and %2 were invited"),
                           QT_TRANSLATE_N_NOOP("EventDescription", "%n people were invited"));
    if (!banned.isEmpty())
        parts << namesPart(banned, QT_TRANSLATE_NOOP("EventDescription", "%1 was banned"),
                           QT_TRANSLATE_NOOP("EventDescription", "%1 and %2 were banned"),
                           QT_TRANSLATE_N_NOOP("EventDescription", "%n people were banned"));
    if (!profile.isEmpty())
        parts << namesPart(profile, QT_TRANSLATE_NOOP("EventDescription", "%1 changed their profile"),
                           QT_TRANSLATE_NOOP("EventDescription", "%1 and %2 changed their profile"),
                           QT_TRANSLATE_N_NOOP("EventDescription", "%n people changed their profile"));
    return parts;
}

QString othersPart(int others)
{
    // Spelled out for one: English has no catalogue to resolve "%n other change(s)".
    return others == 1 ? QCoreApplication::translate("EventDescription", "one other change")
                       : QCoreApplication::translate("EventDescription", "%n other changes", nullptr, others);
}

} // namespace

QString summarizeStateRun(const QList<Event> &run, const NameLookup &nameOf)
{
    QList<MemberRun> members; // in the order they first appear
    QHash<QString, qsizetype> memberIndex;
    int settings = 0;
    QSet<QString> settingsSenders;
    QString creator;
    bool created = false;
    for (const Event &event : run) {
        const EventKind kind = event.kind();
        if (kind == EventKind::Create) {
            created = true;
            const QJsonValue declared = event.content().value(QLatin1String("creator"));
            creator = declared.isString() && !declared.toString().isEmpty() ? declared.toString() : event.sender();
            continue;
        }
        if (kind != EventKind::Member) {
            ++settings;
            settingsSenders.insert(event.sender());
            continue;
        }
        const MemberView member(event);
        auto it = memberIndex.constFind(member.userId());
        if (it == memberIndex.constEnd()) {
            it = memberIndex.insert(member.userId(), members.size());
            members.append({member.userId(), QString(), member.prevMembership(), QString()});
        }
        MemberRun &entry = members[*it];
        entry.after = member.membership();
        const QString name = !member.displayName().isEmpty() ? member.displayName() : member.prevDisplayName();
        if (!name.isEmpty())
            entry.name = name;
    }

    int others = 0;
    if (created) {
        // The creator's own joining and every setting are what "created and configured" says; what happened
        // to the others is said after it.
        QList<MemberRun> guests;
        for (const MemberRun &member : std::as_const(members)) {
            if (member.userId != creator)
                guests << member;
        }
        const bool creatorOnly = settings == 0 && guests.isEmpty();
        // As the room names them, like the creation's own sentence; by their join's name when it does not know them.
        QString who = nameFor(nameOf, creator);
        if (const auto it = memberIndex.constFind(creator);
            who == creator && it != memberIndex.constEnd() && !members.at(*it).name.isEmpty())
            who = members.at(*it).name;
        QString sentence = creatorOnly
            ? QCoreApplication::translate("EventDescription", "%1 created the room").arg(who)
            : QCoreApplication::translate("EventDescription", "%1 created and configured the room").arg(who);
        QStringList parts = membershipParts(guests, nameOf, &others);
        if (others > 0 && !parts.isEmpty())
            parts << othersPart(others);
        if (!parts.isEmpty())
            sentence += QStringLiteral(", ") + parts.join(QStringLiteral(", "));
        return sentence;
    }

    QStringList parts = membershipParts(members, nameOf, &others);
    if (parts.isEmpty()) {
        if (others == 0 && settingsSenders.size() == 1)
            return QCoreApplication::translate("EventDescription", "%1 changed the room settings")
                .arg(nameFor(nameOf, *settingsSenders.constBegin()));
        return QCoreApplication::translate("EventDescription", "%n changes to the room", nullptr, int(run.size()));
    }
    // Settings all changed by one person are said as such; anyone else's count among the other changes.
    if (settings > 0 && settingsSenders.size() == 1)
        parts << QCoreApplication::translate("EventDescription", "%1 changed the room settings")
                     .arg(nameFor(nameOf, *settingsSenders.constBegin()));
    else
        others += settings;
    if (others > 0)
        parts << othersPart(others);
    return parts.join(QStringLiteral(", "));
}

} // namespace estafette
