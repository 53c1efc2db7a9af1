#include "relations_room.h"

#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <iterator>

namespace estafette::bench {

namespace {

// Reaction keys, the first ones more common (as in real rooms).
const char *const kKeys[] = {"👍", "👍", "👍", "👍", "❤️", "❤️", "😂", "🎉", "👀", "✅"};

constexpr qint64 kFirstTs = 1710000000000;
constexpr int kSenders = 8; // and the account's own user

Event stateEvent(const QString &type, const QString &stateKey, const QString &sender, const QJsonObject &content,
                 const QString &eventId)
{
    return Event(QJsonObject{{"type", type}, {"state_key", stateKey}, {"sender", sender}, {"content", content},
                             {"event_id", eventId}, {"origin_server_ts", kFirstTs - 10000}});
}

Event roomEvent(const QString &type, const QString &id, const QString &sender, qint64 ts, const QJsonObject &content)
{
    return Event(QJsonObject{{"type", type}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", ts},
                             {"content", content}, {"unsigned", QJsonObject{{"age", 1234}}}});
}

QJsonObject textContent(const QString &body, bool html)
{
    QJsonObject content{{"msgtype", "m.text"}, {"body", body}};
    if (html) {
        content.insert("format", "org.matrix.custom.html");
        content.insert("formatted_body", QStringLiteral("<p>%1</p>").arg(body));
    }
    return content;
}

// The room for one seed; *screenReacted tells whether the newest kScreen messages (what opening the room shows)
// carry reactions and edits, one of them edited several times, when there are any to place.
constexpr int kScreen = 30;

RelationsRoom generate(const QString &roomId, const QString &ownUserId, const RelationsRoom::Options &options,
                       quint32 seed, bool *screenReacted)
{
    RelationsRoom room;
    room.roomId = roomId;
    // Event ids as long as a homeserver's, distinct per room.
    const QString tag = roomId.mid(1, roomId.indexOf(QLatin1Char(':')) - 1);
    const auto idOf = [&](QChar kind, int slot) {
        return QStringLiteral("$%1%2%3AbCdEfGhIjKlMnOpQrStUvWxYz").arg(tag).arg(kind).arg(slot);
    };

    for (int i = 0; i < kSenders; ++i)
        room.senders << QStringLiteral("@member%1:bench.example").arg(i);
    room.senders << ownUserId;
    const QString creator = room.senders.first();
    const QString stateId = idOf(QLatin1Char('s'), 0);
    room.state << stateEvent("m.room.create", "", creator, {{"creator", creator}, {"room_version", "10"}}, stateId + "c");
    room.state << stateEvent("m.room.power_levels", "", creator,
                             {{"users", QJsonObject{{creator, 100}}}, {"users_default", 0}, {"events_default", 0}},
                             stateId + "p");
    room.state << stateEvent("m.room.join_rules", "", creator, {{"join_rule", "invite"}}, stateId + "j");
    room.state << stateEvent("m.room.history_visibility", "", creator, {{"history_visibility", "shared"}}, stateId + "h");
    room.state << stateEvent("m.room.name", "", creator,
                             {{"name", options.withRelations ? QStringLiteral("Salle aux réactions")
                                                             : QStringLiteral("Salle de référence")}},
                             stateId + "n");
    for (int i = 0; i < room.senders.size(); ++i) {
        const QString &user = room.senders.at(i);
        room.state << stateEvent("m.room.member", user, user,
                                 {{"membership", "join"}, {"displayname", QStringLiteral("Agent %1").arg(i)}},
                                 stateId + "m" + QString::number(i));
    }

    // Three streams, so that both variants draw the same numbers: `plan` for kinds, targets, keys and senders
    // (drawn for a relation's slot in the reference too), `text` for the messages both have, `fill` for what
    // only one has in a relation's place (an edit's text, or the reference's plain message).
    QRandomGenerator plan(seed), text(seed + 1), fill(seed + 2);
    const int n = std::max(options.events, 1);
    constexpr int kLeadingMessages = 20; // something to react to from the start
    QList<char> kinds(n, 'm');
    {
        QList<char> rest;
        const int shuffled = std::max(0, n - kLeadingMessages);
        const int reactions = std::min(options.reactions, shuffled);
        const int edits = std::min(options.edits, shuffled - reactions);
        rest.fill('m', shuffled);
        std::fill(rest.begin(), rest.begin() + reactions, 'r');
        std::fill(rest.begin() + reactions, rest.begin() + reactions + edits, 'e');
        for (qsizetype i = rest.size() - 1; i > 0; --i) // Fisher-Yates with our generator (deterministic)
            std::swap(rest[i], rest[qsizetype(plan.bounded(quint32(i + 1)))]);
        std::copy(rest.cbegin(), rest.cend(), kinds.begin() + std::min(kLeadingMessages, n));
    }

    QList<QString> messageIds;      // the messages both variants have, in order
    QList<QString> messageSenders;
    // What the relations variant writes, followed in the reference too (so both draw the same numbers).
    QList<int> edited;              // indexes into messageIds of edited messages
    QHash<QString, int> editsOf;
    QHash<QString, QSet<QString>> reacted;
    struct Reaction {
        QString id;
        int target;
    };
    QList<Reaction> reactions;
    const auto recent = [&](int window) {
        const int count = int(messageIds.size());
        return count - 1 - int(plan.bounded(quint32(std::min(window, count))));
    };

    for (int slot = 0; slot < n; ++slot) {
        const qint64 ts = kFirstTs + qint64(slot) * 1000;
        const char kind = kinds.at(slot);
        if (kind == 'm') {
            const QString id = idOf(QLatin1Char('m'), slot);
            const QString sender = room.senders.at(int(plan.bounded(quint32(room.senders.size()))));
            QJsonObject content = textContent(randomSentence(text), messageIds.size() % 5 == 0);
            if (messageIds.size() > 30 && plan.bounded(12) == 0) {
                const int target = plan.bounded(100) < 80 ? recent(30) : int(plan.bounded(quint32(messageIds.size())));
                content.insert("m.relates_to",
                               QJsonObject{{"m.in_reply_to", QJsonObject{{"event_id", messageIds.at(target)}}}});
                room.replyTo.insert(id, messageIds.at(target));
                ++room.replies;
            }
            room.events << roomEvent("m.room.message", id, sender, ts, content);
            room.messageIds.insert(id);
            messageIds << id;
            messageSenders << sender;
            ++room.messages;
            continue;
        }
        if (kind == 'r') {
            // Mostly on the last few messages, some on older ones, a tenth anywhere before (far back).
            const quint32 where = plan.bounded(100);
            const int target = where < 45 ? recent(5) : where < 70 ? recent(20) : where < 90 ? recent(200)
                                                                                            : recent(int(messageIds.size()));
            const QString &targetId = messageIds.at(target);
            QString key, sender;
            for (int attempt = 0; attempt < 12; ++attempt) { // the same person reacts once with one key
                key = QString::fromUtf8(kKeys[plan.bounded(int(std::size(kKeys)))]);
                sender = room.senders.at(int(plan.bounded(quint32(room.senders.size()))));
                if (!reacted.value(targetId).contains(key + QLatin1Char('\n') + sender))
                    break;
            }
            reacted[targetId].insert(key + QLatin1Char('\n') + sender);
            const QString id = idOf(QLatin1Char('r'), slot);
            if (options.withRelations) {
                room.events << roomEvent("m.reaction", id, sender, ts,
                                         {{"m.relates_to", QJsonObject{{"rel_type", "m.annotation"},
                                                                       {"event_id", targetId}, {"key", key}}}});
                room.reactionsOf[targetId].insert(key + QLatin1Char('\n') + sender);
                reactions << Reaction{id, target};
                ++room.reactions;
                if (int(messageIds.size()) - 1 - target > 200)
                    ++room.farBackReactions;
            } else {
                const QString plainId = idOf(QLatin1Char('p'), slot);
                room.events << roomEvent("m.room.message", plainId, sender, ts, textContent(randomSentence(fill), false));
                room.messageIds.insert(plainId);
            }
            continue;
        }
        // An edit: often of a message edited already (edited several times), mostly one just sent, some far back.
        const quint32 where = plan.bounded(100);
        int target = -1;
        if (where < 35) {
            // One of the last messages edited (corrected again soon after), if it is not too old.
            QList<int> candidates;
            for (qsizetype i = std::max<qsizetype>(0, edited.size() - 3); i < edited.size(); ++i) {
                if (int(messageIds.size()) - 1 - edited.at(i) <= 300)
                    candidates << edited.at(i);
            }
            if (!candidates.isEmpty())
                target = candidates.at(int(plan.bounded(quint32(candidates.size()))));
        }
        if (target < 0)
            target = where < 85 ? recent(5) : where < 95 ? recent(40) : recent(int(messageIds.size()));
        const QString &targetId = messageIds.at(target);
        const QString &sender = messageSenders.at(target); // only its sender may edit a message
        const QString body = QStringLiteral("modifié %1 : %2").arg(editsOf.value(targetId) + 1).arg(randomSentence(fill));
        if (editsOf.value(targetId) == 0)
            edited << target;
        ++editsOf[targetId];
        if (options.withRelations) {
            QJsonObject newContent = textContent(body, slot % 2 == 0);
            room.events << roomEvent("m.room.message", idOf(QLatin1Char('e'), slot), sender, ts,
                                     {{"msgtype", "m.text"}, {"body", QStringLiteral("* ") + body},
                                      {"m.new_content", newContent},
                                      {"m.relates_to", QJsonObject{{"rel_type", "m.replace"}, {"event_id", targetId}}}});
            room.latestEditBody.insert(targetId, body);
            ++room.editCount[targetId];
            ++room.edits;
            if (int(messageIds.size()) - 1 - target > 200)
                ++room.farBackEdits;
        } else {
            const QString plainId = idOf(QLatin1Char('p'), slot);
            room.events << roomEvent("m.room.message", plainId, sender, ts, textContent(body, false));
            room.messageIds.insert(plainId);
        }
    }
    // A reaction on one of the newest messages: a read receipt there shows under that message.
    const int newest = int(messageIds.size()) - 10;
    for (auto it = reactions.crbegin(); it != reactions.crend(); ++it) {
        if (it->target >= newest) {
            room.reactionOnNewestMessage = it->id;
            break;
        }
    }
    bool screenHasReactions = options.reactions == 0, screenHasEdits = options.edits == 0;
    bool screenHasReedits = options.edits < 2;
    for (qsizetype i = std::max<qsizetype>(0, messageIds.size() - kScreen); i < messageIds.size(); ++i) {
        screenHasReactions = screenHasReactions || !reacted.value(messageIds.at(i)).isEmpty();
        screenHasEdits = screenHasEdits || editsOf.value(messageIds.at(i)) > 0;
        screenHasReedits = screenHasReedits || editsOf.value(messageIds.at(i)) > 1;
    }
    *screenReacted = screenHasReactions && screenHasEdits && screenHasReedits;
    return room;
}

} // namespace

static const char *const kWords[] = {"bonjour", "réunion", "dossier", "préfecture", "compte-rendu", "demain", "validé",
                              "merci", "budget", "pièce", "jointe", "service", "urgence", "note", "ministère",
                              "avis", "calendrier", "signature", "transmis", "relire"};

QString randomSentence(QRandomGenerator &rng)
{
    const int words = 6 + int(rng.bounded(24));
    QString s;
    for (int i = 0; i < words; ++i) {
        if (i)
            s += QLatin1Char(' ');
        s += QString::fromUtf8(kWords[rng.bounded(int(std::size(kWords)))]);
    }
    return s;
}

RelationsRoom RelationsRoom::make(const QString &roomId, const QString &ownUserId, const Options &options)
{
    // The first seed from options.seed whose room shows reactions and edits when opened (the benchmark checks
    // them there, one of them edited several times); the reference follows the same draws, so it takes the same seed.
    for (quint32 seed = options.seed;; seed += 3) {
        bool screenReacted = false;
        RelationsRoom room = generate(roomId, ownUserId, options, seed, &screenReacted);
        room.seed = seed;
        if (screenReacted || seed >= options.seed + 3 * 50)
            return room;
    }
}

} // namespace estafette::bench
