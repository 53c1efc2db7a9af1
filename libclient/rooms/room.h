#pragma once

#include "rooms/room_naming.h"
#include "rooms/room_presence.h"
#include "rooms/room_state.h"
#include "rooms/timeline.h"
#include "sync/sync_delta.h"

#include <QDateTime>
#include <QObject>

namespace estafette {

// One room as this account sees it: state, summary, timeline, membership, unread counts.
// Lives on the GUI thread; fed by RoomList from sync deltas and by pagination results.
class Room : public QObject {
    Q_OBJECT
public:
    Room(const QString &roomId, const QString &ownUserId, QObject *parent = nullptr);

    QString id() const { return m_id; }
    QString ownUserId() const { return m_ownUserId; }
    Membership membership() const { return m_membership; }
    const RoomState &state() const { return m_state; }
    Timeline *timeline() const { return m_timeline; }

    QString displayName() const { return m_displayName; } // computed with computeRoomName()
    QString topic() const { return m_state.topic(); }
    QString avatarUrl() const { return m_state.avatarUrl(); }
    bool isEncrypted() const { return m_state.isEncrypted(); }
    bool isDirect() const { return m_direct; }
    void setDirect(bool direct);

    int unreadCount() const { return m_unread; }         // notification_count from the server
    int highlightCount() const { return m_highlights; }
    QDateTime lastActivity() const { return m_lastActivity; } // newest timeline event's time
    QString lastMessagePreview() const;                   // previewEvent() of the newest shown event
    QString inviterId() const;                            // for invites: who invited us
    QString memberName(const QString &userId) const { return m_state.displayNameOf(userId); }
    // The member's avatar (m.room.member avatar_url) as the room's state says it; empty when none is known.
    QString memberAvatarUrl(const QString &userId) const
    {
        const std::optional<MemberInfo> info = m_state.member(userId);
        return info ? info->avatarUrl : QString();
    }

    // Applies one sync delta for this room (state, then timeline; state events in the timeline update state).
    void applyDelta(const RoomDelta &delta);
    // Applies a back-pagination page (its "state" gives members of the older senders: lazy loading).
    void applyMessagesPage(const MessagesPage &page, int gapRow = -1);
    // Member events fetched from /members (complete where lazy-loaded syncs are not).
    void applyMembers(const QList<Event> &members);
    // Events shown already, decrypted now that their key arrived.
    void replaceEvents(const QList<Event> &events);
    // Who is typing (not us), how far members have read, our read marker.
    const RoomPresence &presence() const { return m_presence; }

    // Who should be able to read a new message: joined members, and invited ones unless the history
    // visibility is "joined".
    QStringList messageRecipients() const;

signals:
    void changed(); // name, topic, membership, unread, last activity or preview changed
    void typingChanged();
    void receiptsChanged();   // someone's read receipt moved
    void fullyReadChanged();  // our read marker moved

private:
    void recomputeName();
    void applyPresence(const RoomDelta &delta);
    QString m_id;
    QString m_ownUserId;
    Membership m_membership = Membership::Join;
    RoomState m_state;
    RoomSummary m_summary;
    Timeline *m_timeline;
    RoomPresence m_presence;
    QString m_displayName;
    bool m_direct = false;
    int m_unread = 0;
    int m_highlights = 0;
    QDateTime m_lastActivity;
};

} // namespace estafette
