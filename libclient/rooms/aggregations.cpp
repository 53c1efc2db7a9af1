#include "rooms/aggregations.h"

#include "events/event_encryption.h"
#include "events/redaction.h"

#include <QJsonValue>

#include <algorithm>

namespace estafette {

namespace {

const QString kTxnPrefix = QStringLiteral("txn:");

QJsonObject newContentOf(const Event &edit)
{
    const QJsonValue value = edit.content().value(QLatin1String("m.new_content"));
    return value.isObject() ? value.toObject() : QJsonObject();
}

bool isEncrypted(const Event &event)
{
    return encryptionStatus(event).encrypted;
}

} // namespace

QString Aggregations::keyOf(const Event &event, const QString &txnId) const
{
    const QString eventId = event.eventId();
    if (!eventId.isEmpty())
        return eventId;
    return txnId.isEmpty() ? QString() : kTxnPrefix + txnId;
}

bool Aggregations::redactionAllowed(const Event &redaction, const QString &targetSender) const
{
    // The server relays redactions without checking them against their target (room versions 3 and later):
    // the sender's own events, or anyone's when the power levels let them redact others.
    if (!targetSender.isEmpty() && redaction.sender() == targetSender)
        return true;
    return m_canRedactOthers && m_canRedactOthers(redaction.sender());
}

void Aggregations::removeRelation(const QString &key)
{
    const auto it = m_relations.constFind(key);
    if (it == m_relations.constEnd())
        return;
    const QString target = it->relation.eventId;
    const QString eventId = it->event.eventId();
    const QString txnId = it->txnId;
    m_relations.erase(it);
    QStringList &keys = m_byTarget[target];
    keys.removeAll(key);
    if (keys.isEmpty())
        m_byTarget.remove(target);
    if (!eventId.isEmpty())
        m_targetOf.remove(eventId);
    if (!txnId.isEmpty())
        m_keyOfTxn.remove(txnId);
}

Aggregations::Change Aggregations::absorb(const Event &event, const QString &txnId,
                                          const std::function<std::optional<Event>(const QString &)> &findRow)
{
    Change change;
    const QString eventId = event.eventId();
    const QString echoTxn = txnId.isEmpty() ? event.transactionId() : txnId;

    if (event.kind() == EventKind::Redaction) {
        const QString target = redactedEventId(event);
        if (target.isEmpty())
            return change;
        if (eventId.isEmpty()) { // our deletion, still in the outbox
            if (!txnId.isEmpty()) {
                m_pendingRedactions.insert(txnId, target);
                change.targets.append(target);
            }
            return change;
        }
        if (!echoTxn.isEmpty() && m_pendingRedactions.remove(echoTxn) > 0)
            change.targets.append(target);
        const auto relation = m_targetOf.constFind(target);
        if (relation != m_targetOf.constEnd()) {
            const QString relationTarget = *relation;
            const Stored &stored = m_relations.value(target);
            if (redactionAllowed(event, stored.event.sender())) {
                removeRelation(target);
                change.targets.append(relationTarget);
            }
            return change;
        }
        const std::optional<Event> row = findRow ? findRow(target) : std::nullopt;
        if (row) {
            if (redactionAllowed(event, row->sender()))
                change.redactedTarget = target;
            return change;
        }
        // Not loaded (yet): applied when it arrives, if it is allowed for that event.
        QList<Event> &seen = m_redactions[target];
        const bool known = std::any_of(seen.cbegin(), seen.cend(), [&](const Event &r) { return r.eventId() == eventId; });
        if (!known)
            seen.append(event);
        return change;
    }

    const Relation relation = relationOf(event);
    if (!relation.isAggregated())
        return change; // a reaction without a key, or to nothing: nothing to show
    if (!eventId.isEmpty()) {
        // Deleted before it reached us (a redaction paged in first).
        if (std::optional<Event> redaction = pendingRedactionFor(event)) {
            m_redactions.remove(eventId);
            return change;
        }
    }
    // The server's copy of our echo replaces the echo.
    if (!echoTxn.isEmpty()) {
        const auto previous = m_keyOfTxn.constFind(echoTxn);
        if (previous != m_keyOfTxn.constEnd() && *previous != eventId) {
            const QString previousTarget = m_relations.value(*previous).relation.eventId;
            removeRelation(*previous);
            if (previousTarget != relation.eventId)
                change.targets.append(previousTarget);
        }
    }
    const QString key = keyOf(event, txnId);
    if (key.isEmpty())
        return change;
    const auto existing = m_relations.constFind(key);
    if (existing != m_relations.constEnd() && existing->relation.eventId != relation.eventId) {
        change.targets.append(existing->relation.eventId);
        removeRelation(key);
    }
    const bool isNew = !m_relations.contains(key);
    m_relations.insert(key, Stored{event, relation, echoTxn});
    if (isNew)
        m_byTarget[relation.eventId].append(key);
    if (!eventId.isEmpty())
        m_targetOf.insert(eventId, relation.eventId);
    if (!echoTxn.isEmpty())
        m_keyOfTxn.insert(echoTxn, key);
    change.targets.append(relation.eventId);
    return change;
}

QString Aggregations::dropEcho(const QString &txnId)
{
    const auto pending = m_pendingRedactions.constFind(txnId);
    if (pending != m_pendingRedactions.constEnd()) {
        const QString target = *pending;
        m_pendingRedactions.erase(pending);
        return target;
    }
    const auto key = m_keyOfTxn.constFind(txnId);
    if (key == m_keyOfTxn.constEnd())
        return {};
    const QString target = m_relations.value(*key).relation.eventId;
    removeRelation(*key);
    return target;
}

QString Aggregations::echoSent(const QString &txnId, const QString &eventId)
{
    if (m_pendingRedactions.contains(txnId))
        return m_pendingRedactions.value(txnId); // stays pending until the sync brings the redaction
    const auto keyIt = m_keyOfTxn.constFind(txnId);
    if (keyIt == m_keyOfTxn.constEnd() || eventId.isEmpty())
        return {};
    const QString key = *keyIt;
    if (key == eventId)
        return m_relations.value(key).relation.eventId;
    Stored stored = m_relations.take(key);
    QJsonObject json = stored.event.json();
    json.insert(QStringLiteral("event_id"), eventId);
    stored.event = Event(json);
    const QString target = stored.relation.eventId;
    QStringList &keys = m_byTarget[target];
    const qsizetype at = keys.indexOf(key);
    if (m_relations.contains(eventId)) { // the sync's copy came first
        keys.removeAll(key);
    } else {
        if (at >= 0)
            keys[at] = eventId;
        m_relations.insert(eventId, stored);
    }
    m_targetOf.insert(eventId, target);
    m_keyOfTxn.insert(txnId, eventId);
    return target;
}

void Aggregations::retarget(const QString &from, const QString &to)
{
    if (from.isEmpty() || to.isEmpty() || from == to)
        return;
    const QStringList keys = m_byTarget.take(from);
    for (const QString &key : keys) {
        auto it = m_relations.find(key);
        if (it == m_relations.end())
            continue;
        it->relation.eventId = to;
        if (!it->event.eventId().isEmpty())
            m_targetOf.insert(it->event.eventId(), to);
        if (!m_byTarget.value(to).contains(key))
            m_byTarget[to].append(key);
    }
    for (auto it = m_pendingRedactions.begin(); it != m_pendingRedactions.end(); ++it) {
        if (*it == from)
            *it = to;
    }
}

std::optional<Event> Aggregations::pendingRedactionFor(const Event &event) const
{
    const auto it = m_redactions.constFind(event.eventId());
    if (it == m_redactions.constEnd())
        return std::nullopt;
    for (const Event &redaction : *it) {
        if (redactionAllowed(redaction, event.sender()))
            return redaction;
    }
    return std::nullopt;
}

bool Aggregations::redactionPending(const QString &eventId) const
{
    if (eventId.isEmpty())
        return false;
    for (auto it = m_pendingRedactions.constBegin(); it != m_pendingRedactions.constEnd(); ++it) {
        if (*it == eventId)
            return true;
    }
    return false;
}

bool Aggregations::validEdit(const Event &original, const Stored &edit) const
{
    // The spec's rules for m.replace: same sender, same type, no state key, the original is not itself an edit,
    // an m.new_content, and encrypted only if the original was (nobody edits an encrypted message in the clear).
    if (edit.relation.type != Relation::Type::Replace)
        return false;
    const Event &e = edit.event;
    if (e.sender() != original.sender() || e.type() != original.type() || e.isState() || original.isState())
        return false;
    if (original.isRedacted() || relationOf(original).type == Relation::Type::Replace)
        return false;
    if (isEncrypted(e) != isEncrypted(original))
        return false;
    const EncryptionStatus status = encryptionStatus(e);
    if (status.encrypted && !status.decrypted)
        return false;
    return !newContentOf(e).isEmpty();
}

const Aggregations::Stored *Aggregations::latestEdit(const Event &original) const
{
    const auto keys = m_byTarget.constFind(original.eventId());
    if (original.eventId().isEmpty() || keys == m_byTarget.constEnd())
        return nullptr;
    const Stored *latest = nullptr;
    for (const QString &key : *keys) {
        const auto it = m_relations.constFind(key);
        if (it == m_relations.constEnd() || !validEdit(original, *it))
            continue;
        if (!latest) {
            latest = &*it;
            continue;
        }
        // Newest by origin_server_ts, then by event id (the spec's tie-break); our unsent edit is the newest.
        const qint64 ts = it->event.originServerTs();
        const qint64 latestTs = latest->event.originServerTs();
        const bool unsent = it->event.eventId().isEmpty();
        const bool latestUnsent = latest->event.eventId().isEmpty();
        if (unsent != latestUnsent) {
            if (unsent)
                latest = &*it;
            continue;
        }
        if (ts > latestTs || (ts == latestTs && it->event.eventId() > latest->event.eventId()))
            latest = &*it;
    }
    return latest;
}

Event Aggregations::shownEvent(const Event &original) const
{
    if (original.isRedacted())
        return original;
    const Stored *edit = latestEdit(original);
    if (!edit)
        return original;
    QJsonObject content = newContentOf(edit->event);
    // The replacement never changes what the original relates to (a reply stays a reply).
    const QJsonObject originalContent = original.content();
    content.remove(QStringLiteral("m.relates_to"));
    if (originalContent.contains(QLatin1String("m.relates_to")))
        content.insert(QStringLiteral("m.relates_to"), originalContent.value(QLatin1String("m.relates_to")));
    QJsonObject json = original.json();
    json.insert(QStringLiteral("content"), content);
    return Event(json);
}

QList<EditRecord> Aggregations::editHistory(const Event &original) const
{
    QList<EditRecord> history;
    for (const QString &key : m_byTarget.value(original.eventId())) {
        const auto it = m_relations.constFind(key);
        if (it == m_relations.constEnd() || !validEdit(original, *it))
            continue;
        history.append(EditRecord{it->event.eventId(), it->txnId, it->event.originServerTs(), newContentOf(it->event)});
    }
    std::stable_sort(history.begin(), history.end(), [](const EditRecord &a, const EditRecord &b) {
        if (a.eventId.isEmpty() != b.eventId.isEmpty())
            return b.eventId.isEmpty(); // unsent last
        return a.ts != b.ts ? a.ts < b.ts : a.eventId < b.eventId;
    });
    return history;
}

QList<ReactionGroup> Aggregations::reactions(const QString &eventId) const
{
    struct One {
        const Stored *stored;
        qint64 ts;
    };
    QList<One> all;
    for (const QString &key : m_byTarget.value(eventId)) {
        const auto it = m_relations.constFind(key);
        if (it == m_relations.constEnd() || it->relation.type != Relation::Type::Annotation
            || it->event.kind() != EventKind::Reaction)
            continue; // an edit, or a reaction not decrypted yet
        all.append(One{&*it, it->event.originServerTs()});
    }
    // Oldest first, whatever order they arrived in (a page of older history comes after newer syncs).
    std::stable_sort(all.begin(), all.end(), [](const One &a, const One &b) { return a.ts < b.ts; });
    QList<ReactionGroup> groups;
    for (const One &one : std::as_const(all)) {
        const Event &reaction = one.stored->event;
        const QString &key = one.stored->relation.key;
        auto group = std::find_if(groups.begin(), groups.end(), [&](const ReactionGroup &g) { return g.key == key; });
        if (group == groups.end()) {
            groups.append(ReactionGroup{key, {}, {}, {}, one.ts});
            group = groups.end() - 1;
        }
        if (group->senders.contains(reaction.sender()))
            continue; // one reaction per person and key counts
        group->senders.append(reaction.sender());
        if (reaction.sender() == m_ownUserId) {
            group->ownEventId = reaction.eventId();
            group->ownTxnId = reaction.eventId().isEmpty() ? one.stored->txnId : QString();
        }
    }
    return groups;
}

} // namespace estafette
