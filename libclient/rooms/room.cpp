#include "rooms/room.h"

#include "events/event_description.h"

namespace estafette {

namespace {

// What the room list shows of a room: when any of it differs after an update, changed() is emitted.
struct RoomSnapshot {
    QString name, topic, avatar, preview;
    Membership membership;
    bool encrypted, direct;
    int unread, highlights;
    QDateTime lastActivity;
    bool operator==(const RoomSnapshot &) const = default;
};

bool shownInPreview(const TimelineItem &item)
{
    return item.type != TimelineItem::Type::Gap; // relations are not rows: they never are the newest message
}

} // namespace

Room::Room(const QString &roomId, const QString &ownUserId, QObject *parent)
    : QObject(parent), m_id(roomId), m_ownUserId(ownUserId), m_timeline(new Timeline(this))
{
    m_timeline->setOwnUserId(ownUserId);
    m_presence.setOwnUserId(ownUserId);
    m_timeline->setRedactPermission(
        [this](const QString &userId) { return m_state.powerLevels().canRedactOthers(userId); });
    recomputeName();
}

void Room::setDirect(bool direct)
{
    if (m_direct == direct)
        return;
    m_direct = direct;
    emit changed();
}

QString Room::lastMessagePreview() const
{
    for (int row = m_timeline->size() - 1; row >= 0; --row) {
        const TimelineItem &item = m_timeline->at(row);
        if (shownInPreview(item))
            return previewEvent(m_timeline->aggregations().shownEvent(item.event),
                                [this](const QString &userId) { return memberName(userId); });
    }
    return {};
}

QString Room::inviterId() const
{
    const Event *own = m_state.get(QStringLiteral("m.room.member"), m_ownUserId);
    if (!own || MemberView(*own).membership() != QLatin1String("invite"))
        return {};
    return own->sender();
}

void Room::applyDelta(const RoomDelta &delta)
{
    const auto snapshot = [this] {
        return RoomSnapshot{m_displayName, topic(), avatarUrl(), lastMessagePreview(), m_membership,
                            isEncrypted(), m_direct, m_unread, m_highlights, m_lastActivity};
    };
    const RoomSnapshot before = snapshot();

    m_membership = delta.membership;
    for (const Event &event : delta.state)
        m_state.apply(event);
    for (const Event &event : delta.timeline) {
        if (event.isState())
            m_state.apply(event);
    }

    if (!delta.heroes.isEmpty())
        m_summary.heroes = delta.heroes;
    if (delta.joinedCount >= 0)
        m_summary.joinedCount = delta.joinedCount;
    if (delta.invitedCount >= 0)
        m_summary.invitedCount = delta.invitedCount;
    if (delta.notificationCount >= 0)
        m_unread = delta.notificationCount;
    if (delta.highlightCount >= 0)
        m_highlights = delta.highlightCount;

    if (delta.membership == Membership::Invite) {
        // An invite's own member event may say it is a direct chat.
        if (const Event *own = m_state.get(QStringLiteral("m.room.member"), m_ownUserId)) {
            if (MemberView(*own).isDirect())
                m_direct = true;
        }
    }

    for (const Event &event : delta.timeline) {
        const QDateTime ts = event.timestamp();
        if (ts.isValid() && (!m_lastActivity.isValid() || ts > m_lastActivity))
            m_lastActivity = ts;
    }
    m_timeline->appendFromSync(delta.timeline, delta.limited, delta.prevBatch);
    recomputeName();
    applyPresence(delta);

    if (!(snapshot() == before))
        emit changed();
}

void Room::applyPresence(const RoomDelta &delta)
{
    const QStringList typingBefore = m_presence.typingUsers();
    const QString fullyReadBefore = m_presence.fullyRead();
    const auto isLater = [this](const QString &a, const QString &b) {
        const int rowA = m_timeline->rowOfEvent(a);
        const int rowB = m_timeline->rowOfEvent(b);
        if (rowA < 0 || rowB < 0)
            return -1;
        return rowA > rowB ? 1 : 0;
    };
    const bool receipts = m_presence.applyEphemeral(delta.ephemeral, isLater);
    m_presence.applyAccountData(delta.accountData);
    if (m_presence.typingUsers() != typingBefore)
        emit typingChanged();
    if (receipts)
        emit receiptsChanged();
    if (m_presence.fullyRead() != fullyReadBefore)
        emit fullyReadChanged();
}

void Room::applyMessagesPage(const MessagesPage &page, int gapRow)
{
    const QString nameBefore = m_displayName;
    // Lazy-loaded members of the older senders: never overwrite what the room already knows (it is newer).
    for (const Event &event : page.state) {
        if (event.kind() == EventKind::Member && event.isState() && !m_state.member(event.stateKey()))
            m_state.apply(event);
    }
    if (gapRow < 0)
        m_timeline->prependPage(page.chunk, page.end);
    else
        m_timeline->fillGap(gapRow, page.chunk, page.end);
    recomputeName();
    if (m_displayName != nameBefore)
        emit changed();
}

void Room::applyMembers(const QList<Event> &members)
{
    const QString nameBefore = m_displayName;
    for (const Event &event : members) {
        if (event.kind() != EventKind::Member || !event.isState())
            continue;
        // A newer event for this member (from a sync since the request) wins.
        const Event *known = m_state.get(QStringLiteral("m.room.member"), event.stateKey());
        if (known && known->originServerTs() > event.originServerTs())
            continue;
        m_state.apply(event);
    }
    recomputeName();
    if (m_displayName != nameBefore)
        emit changed();
}

void Room::replaceEvents(const QList<Event> &events)
{
    bool newest = false;
    for (const Event &event : events) {
        if (m_timeline->replaceEvent(event.eventId(), event) && m_timeline->size() > 0
            && m_timeline->at(m_timeline->size() - 1).event.eventId() == event.eventId())
            newest = true;
    }
    if (newest)
        emit changed(); // the preview shows the decrypted text now
}

QStringList Room::messageRecipients() const
{
    QStringList users;
    for (const MemberInfo &m : m_state.members(QStringLiteral("join")))
        users.append(m.userId);
    const Event *visibility = m_state.get(QStringLiteral("m.room.history_visibility"));
    const QString rule = visibility ? visibility->content().value(QLatin1String("history_visibility")).toString()
                                    : QStringLiteral("shared");
    if (rule != QLatin1String("joined")) {
        for (const MemberInfo &m : m_state.members(QStringLiteral("invite")))
            users.append(m.userId);
    }
    return users;
}

void Room::recomputeName()
{
    m_displayName = computeRoomName(m_state, m_summary, m_ownUserId);
}

} // namespace estafette
