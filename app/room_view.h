#pragma once

#include <QHash>
#include "media/attachment_source.h"
#include "rooms/room.h"

#include <QPointer>

#include <memory>
#include <QWidget>

class QSettings;
class QStackedWidget;
class QLabel;

namespace estafette {

class BackPaginator;
class ComposerEdit;
class ComposerPanel;
class InviteBar;
class MessageActions;
class MessageInteractions;
class TypingIndicator;
class TypingNotifier;
class MediaActions;
class ThumbnailSource;
class Outbox;

class RoomActions;
class AvatarSource;
class RoomHeader;
class TimelineView;

// The centre of the main window for one room: header, timeline, then either the composer or, for an
// invitation, the invite bar. Turns what the person does into calls on the outbox, paginator and actions.
class RoomView : public QWidget {
    Q_OBJECT
public:
    RoomView(Outbox *outbox, BackPaginator *paginator, RoomActions *actions, QWidget *parent = nullptr);
    ~RoomView() override;

    void setRoom(Room *room); // nullptr: "choose a room"
    Room *room() const { return m_room; }
    TimelineView *timeline() const { return m_timeline; }
    ComposerEdit *composer() const { return m_composer; }
    ComposerPanel *composerPanel() const { return m_composerPanel; }
    RoomHeader *header() const { return m_header; }
    // Files, photos and videos: where the timeline's pictures come from and what its media rows do (not owned;
    // nullptr: placeholders only, nothing to open).
    void setMedia(ThumbnailSource *thumbnails, MediaActions *actions);
    // Where the header's room avatar and the timeline's senders' avatars come from (not owned; nullptr: initials).
    void setAvatarSource(AvatarSource *avatars);
    // Reactions, replies, edits and deletions (not owned; nullptr: messages can only be read and sent).
    void setMessageActions(MessageActions *actions);
    MessageInteractions *messageInteractions() const { return m_interactions; }
    // Tells the room we are typing while the composer is edited (not owned; nullptr: nobody is told).
    void setTypingNotifier(TypingNotifier *notifier);
    // Where the person's most used reactions are counted (the settings; nullptr: the defaults only).
    void setSettings(QSettings *settings);
    TypingIndicator *typingIndicator() const { return m_typingIndicator; }

signals:
    // The person asked to see the devices of a member (from a message's context menu).
    void devicesRequested(const QString &userId);
    // The person confirmed files to send to `roomId` (attach button, paste or drop, then Enter), with an
    // optional caption. To be staged (AttachmentStager) and handed to the outbox.
    void attachmentsConfirmed(const QString &roomId, const QList<AttachmentSource> &sources, const QString &caption);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshMembership();
    void markReadIfSeen();
    void send(const QString &text);

    QPointer<Outbox> m_outbox;
    QPointer<BackPaginator> m_paginator;
    QPointer<RoomActions> m_actions;
    QPointer<MediaActions> m_mediaActions;
    QPointer<Room> m_room;
    QStackedWidget *m_pages;
    QLabel *m_placeholder;
    RoomHeader *m_header;
    TimelineView *m_timeline;
    InviteBar *m_inviteBar;
    ComposerPanel *m_composerPanel;
    ComposerEdit *m_composer;
    MessageInteractions *m_interactions;
    TypingIndicator *m_typingIndicator;
    QPointer<TypingNotifier> m_typingNotifier;
    std::unique_ptr<class FrequentReactions> m_frequentReactions;
    QHash<QString, QString> m_drafts; // room id -> unsent text, kept while switching rooms
    QHash<QString, QList<AttachmentSource>> m_attachmentDrafts; // room id -> attachments not yet confirmed
};

} // namespace estafette
