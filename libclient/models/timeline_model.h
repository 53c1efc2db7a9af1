#pragma once

#include "events/media_content.h"
#include "models/reply_preview.h"
#include "models/transfer_progress.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>

#include "rooms/room.h" // QPointer<Room> converts to Room* only with the complete type

namespace estafette {

class Room;
class Timeline;
struct TimelineItem;

// Rows of one room's Timeline, forwarding its exact insert/remove/change signals.
class TimelineModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        EventIdRole = Qt::UserRole + 1,
        SenderIdRole,
        SenderNameRole,   // display name per the room's state
        TimestampRole,    // QDateTime (local)
        BodyRole,         // message body, or the sentence for state/unsupported events (also DisplayRole)
        ItemKindRole,     // ItemKind
        SendStateRole,    // int(SendState)
        TransactionIdRole,
        IsOwnRole,        // sent by this account
        EventTypeRole,
        UnreadableReasonRole, // why a message can't be shown as sent (describeUnreadable()); empty otherwise
        MediaRole,            // MediaContent of an Image/Video/Audio/File row (Problem::NotMedia for others)
        UploadProgressRole,   // TransferProgress of a local echo's attachment upload (0 of 0 when unknown)
        SenderAvatarRole,     // the sender's avatar_url (mxc://…) per the room's state, empty when none
        IsEditedRole,         // shown with its newest valid edit ("(edited)")
        IsRedactedRole,       // deleted (shown as "Message deleted"), or our deletion of it is being sent
        ReactionsRole,        // ReactionGroups under the message (none for a deleted one)
        ReplyRole,            // ReplyPreview of the message it answers (isReply() false when none)
        FormattedHtmlRole,    // the formatted body sanitised for Qt rich text (HtmlSanitizer); empty: plain text
        ReadByRole,           // QStringList: members (not us) whose read receipt is at this message
        IsFullyReadRole,      // our read marker is at this message ("New messages" below it, unless it is the last)
        MentionsMeRole,       // the message mentions us (m.mentions, or our name in an older client's body)
    };
    // Image, Video and Audio rows hold valid media of that type; a File row a file, or media whose content is
    // malformed or misleading (its MediaContent says what is wrong), never shown as content.
    enum class ItemKind { Message, Emote, Notice, StateChange, Unsupported, Gap, Image, Video, Audio, File };
    Q_ENUM(ItemKind)

    explicit TimelineModel(QObject *parent = nullptr);
    void setRoom(Room *room); // nullptr clears
    Room *room() const { return m_room; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static ItemKind kindOf(const TimelineItem &item);
    static ItemKind kindOf(const TimelineItem &item, const MediaContent &media);
    // The bytes of a local echo's attachment sent so far, of all. TimelineItem does not carry them yet: 0 of 0
    // until it does (the echo then shows as waiting to upload).
    static TransferProgress uploadProgressOf(const TimelineItem &item);

    // The name shown for a member of the room (display name, disambiguated; the user id when none).
    QString displayNameOf(const QString &userId) const { return nameOf(userId); }
    QString avatarUrlOf(const QString &userId) const;
    // The valid edits of a row's message, oldest first (the edit history), and the original content.
    QList<EditRecord> editHistory(int row) const;

private:
    // What a row shows, worked out once per change of its item (rows are painted and measured often).
    struct RowView {
        Event shown;          // the event with its newest edit applied
        MediaContent media;
        ItemKind kind = ItemKind::Message;
        bool edited = false;
        bool redacted = false;
        ReactionGroups reactions;
        QString replyTo;      // event id of the message it answers
        QString html;         // sanitised formatted body, empty when the message is plain text
        bool mentionsMe = false;
    };
    const RowView &viewOf(int row) const;
    static QString rowKey(const TimelineItem &item);
    QString nameOf(const QString &userId) const;
    ReplyPreview replyPreview(const QString &eventId) const;
    QString accessibleMediaText(const MediaContent &media, ItemKind kind) const;

    void rebuildReaders();
    QHash<QString, QStringList> m_readers; // row event id -> members whose receipt is there (or on its relations)
    QString m_fullyRead;                   // where the read marker was last announced
    QPointer<Room> m_room;
    Room *m_roomRaw = nullptr;         // cleared on destroyed(), before QPointer would be
    Timeline *m_timeline = nullptr;
    mutable QHash<QString, RowView> m_views; // by rowKey(); dropped when the item changes
};

} // namespace estafette
