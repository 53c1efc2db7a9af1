#pragma once

// A synthetic room for the store benchmark: N events in order, of which some are reactions (m.annotation) and
// edits (m.replace) spread over its messages, or (the reference) the same room with every relation replaced by a
// plain message. Keeps what was written for each message, so the benchmark can check what the timeline shows.

#include "events/event.h"

#include <QHash>
#include <QRandomGenerator>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace estafette::bench {

// A message of 6 to 29 French words of office life, from `rng` (the same words for a seed).
QString randomSentence(QRandomGenerator &rng);

struct RelationsRoom {
    struct Options {
        int events = 10000;
        int reactions = 2000;
        int edits = 500;
        bool withRelations = true; // false: the reference, a plain message in each relation's place
        quint32 seed = 7;
    };

    QString roomId;
    QList<Event> state;   // create, power levels, rules, name, a member event for every sender
    QList<Event> events;  // chronological
    QStringList senders;  // who writes and reacts (the account's own user among them)

    // What was written, by message event id.
    QSet<QString> messageIds;                     // rows: every event that is not a relation
    QHash<QString, QSet<QString>> reactionsOf;    // "key\nsender", each once (a repeated one counts once)
    QHash<QString, QString> latestEditBody;       // m.new_content body of its newest edit
    QHash<QString, int> editCount;
    QHash<QString, QString> replyTo;              // a reply's original
    QString reactionOnNewestMessage;              // a reaction event id whose target is among the newest messages
    int messages = 0, reactions = 0, edits = 0, replies = 0;
    int farBackReactions = 0;                     // on a message more than 200 messages older
    int farBackEdits = 0;
    quint32 seed = 0;                             // the seed it was made from

    // Deterministic: the reference (no relations) has the same messages at the same places, with a plain message
    // where the other has a relation. The seed is the first from options.seed (by 3) whose newest 30 messages
    // carry reactions and edits, one edited several times (what the benchmark checks on screen).
    static RelationsRoom make(const QString &roomId, const QString &ownUserId, const Options &options);
};

} // namespace estafette::bench
