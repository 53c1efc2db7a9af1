#include "room_view.h"

#include <QEvent>

#include "composer/composer_panel.h"
#include "composer_edit.h"
#include "invite_bar.h"
#include "media/media_actions.h"
#include "room_header.h"
#include "rooms/back_paginator.h"
#include "rooms/outbox.h"
#include "text/message_content.h"
#include "rooms/typing_notifier.h"
#include "timeline/frequent_reactions.h"
#include "timeline/message_interactions.h"
#include "timeline/typing_indicator.h"
#include "rooms/room.h"
#include "session/room_actions.h"
#include "timeline/timeline_view.h"

#include <QFrame>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace estafette {

namespace {
QFrame *separator(QWidget *parent)
{
    auto *line = new QFrame(parent);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Plain);
    line->setForegroundRole(QPalette::Mid);
    return line;
}
} // namespace

RoomView::RoomView(Outbox *outbox, BackPaginator *paginator, RoomActions *actions, QWidget *parent)
    : QWidget(parent)
    , m_outbox(outbox)
    , m_paginator(paginator)
    , m_actions(actions)
    , m_pages(new QStackedWidget(this))
    , m_placeholder(new QLabel(tr("Choose a room on the left to read its messages."), this))
    , m_header(new RoomHeader(this))
    , m_timeline(new TimelineView(this))
    , m_inviteBar(new InviteBar(this))
    , m_composerPanel(new ComposerPanel(this))
    , m_composer(m_composerPanel->edit())
    , m_interactions(new MessageInteractions(m_timeline, m_composerPanel, this))
    , m_typingIndicator(new TypingIndicator(this))
{
    setObjectName(QStringLiteral("roomView"));
    m_placeholder->setObjectName(QStringLiteral("noRoomPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    QPalette muted = m_placeholder->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_placeholder->setPalette(muted);

    auto *roomPage = new QWidget(this);
    auto *layout = new QVBoxLayout(roomPage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(separator(roomPage));
    layout->addWidget(m_timeline, 1);
    layout->addWidget(m_typingIndicator);
    layout->addWidget(m_inviteBar);
    layout->addWidget(m_composerPanel);

    m_pages->addWidget(m_placeholder);
    m_pages->addWidget(roomPage);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    connect(m_composerPanel, &ComposerPanel::textSubmitted, this, &RoomView::send);
    m_interactions->setPaginator(paginator);
    m_interactions->setContentMaker([this](const QString &text) { return m_composerPanel->contentFor(text); });
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] {
        if (m_typingNotifier && m_room && m_composer->hasFocus())
            m_typingNotifier->textEdited(m_room->id(), m_composer->toPlainText().isEmpty());
    });
    const auto stopTyping = [this] {
        if (m_typingNotifier)
            m_typingNotifier->stop();
    };
    connect(m_composerPanel, &ComposerPanel::textSubmitted, this, stopTyping);
    connect(m_composerPanel, &ComposerPanel::replySubmitted, this, stopTyping);
    connect(m_composerPanel, &ComposerPanel::editSubmitted, this, stopTyping);
    connect(m_composerPanel, &ComposerPanel::attachmentsConfirmed, this, stopTyping);
    connect(m_interactions, &MessageInteractions::sent, m_timeline, &QAbstractItemView::scrollToBottom);
    connect(m_composerPanel, &ComposerPanel::attachmentsConfirmed, this,
            [this](const QList<AttachmentSource> &sources, const QString &caption) {
                if (!m_room)
                    return;
                emit attachmentsConfirmed(m_room->id(), sources, caption);
                m_timeline->scrollToBottom();
            });
    m_composerPanel->acceptDropsOn(this);
    connect(m_timeline, &TimelineView::loadOlderRequested, this, [this] {
        if (m_paginator && m_room)
            m_paginator->loadOlder(m_room);
    });
    connect(m_timeline, &TimelineView::fillGapRequested, this, [this](int row) {
        if (m_paginator && m_room)
            m_paginator->fillGap(m_room, row);
    });
    connect(m_timeline, &TimelineView::retryRequested, this, [this](const QString &txnId) {
        if (m_outbox)
            m_outbox->retry(txnId);
    });
    connect(m_timeline, &TimelineView::discardRequested, this, [this](const QString &txnId) {
        if (m_outbox)
            m_outbox->discard(txnId);
    });
    connect(m_timeline, &TimelineView::devicesRequested, this, &RoomView::devicesRequested);
    connect(m_timeline, &TimelineView::uploadCancelRequested, this, [this](const QString &txnId) {
        if (m_outbox)
            m_outbox->cancel(txnId);
    });
    connect(m_timeline, &TimelineView::imageOpenRequested, this, [this](const QString &eventId, const MediaContent &media) {
        if (m_mediaActions && m_room)
            m_mediaActions->openImage(m_room, eventId, media);
    });
    connect(m_timeline, &TimelineView::playRequested, this, [this](const QString &, const MediaContent &media) {
        if (m_mediaActions)
            m_mediaActions->play(media);
    });
    connect(m_timeline, &TimelineView::saveRequested, this, [this](const QString &, const MediaContent &media) {
        if (m_mediaActions)
            m_mediaActions->save(media);
    });
    connect(m_timeline, &TimelineView::openRequested, this, [this](const QString &, const MediaContent &media) {
        if (m_mediaActions)
            m_mediaActions->open(media);
    });
    connect(m_timeline, &TimelineView::downloadCancelRequested, this, [this](const QString &key) {
        if (m_mediaActions)
            m_mediaActions->cancelDownload(key);
    });
    connect(m_inviteBar, &InviteBar::acceptRequested, this, [this] {
        if (m_actions && m_room) {
            m_inviteBar->setBusy(true);
            m_actions->acceptInvite(m_room->id());
        }
    });
    connect(m_inviteBar, &InviteBar::declineRequested, this, [this] {
        if (m_actions && m_room) {
            m_inviteBar->setBusy(true);
            m_actions->declineInvite(m_room->id());
        }
    });
    if (actions) {
        connect(actions, &RoomActions::failed, this, [this](RoomActions::Action action, const QString &roomId) {
            if (m_room && roomId == m_room->id()
                && (action == RoomActions::Action::Join || action == RoomActions::Action::Decline))
                m_inviteBar->setBusy(false);
        });
    }
    setRoom(nullptr);
}

void RoomView::setMedia(ThumbnailSource *thumbnails, MediaActions *actions)
{
    m_mediaActions = actions;
    m_timeline->setThumbnailSource(thumbnails);
    m_timeline->setDownloadProgressSource(actions);
}

void RoomView::setAvatarSource(AvatarSource *avatars)
{
    m_header->setAvatarSource(avatars);
    m_timeline->setAvatarSource(avatars);
}

void RoomView::setRoom(Room *room)
{
    if (room == m_room && room)
        return;
    m_composerPanel->cancelContext(); // a reply or an edit belongs to the room it was started in
    if (m_room) {
        m_drafts.insert(m_room->id(), m_composer->toPlainText());
        const QList<AttachmentSource> waiting = m_composerPanel->takeAttachments();
        if (!waiting.isEmpty())
            m_attachmentDrafts.insert(m_room->id(), waiting);
        disconnect(m_room, nullptr, this, nullptr);
    }
    if (m_typingNotifier)
        m_typingNotifier->stop();
    m_room = room;
    m_header->setRoom(room);
    m_typingIndicator->setRoom(room);
    m_composerPanel->setRoom(room);
    m_timeline->setRoom(room);
    m_composer->setPlainText(room ? m_drafts.take(room->id()) : QString());
    m_composerPanel->setAttachments(room ? m_attachmentDrafts.take(room->id()) : QList<AttachmentSource>());
    m_pages->setCurrentIndex(room ? 1 : 0);
    if (room) {
        connect(room, &Room::changed, this, &RoomView::refreshMembership);
        connect(room, &Room::changed, this, &RoomView::markReadIfSeen);
    }
    refreshMembership();
    markReadIfSeen();
}

void RoomView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::ActivationChange)
        markReadIfSeen();
}

void RoomView::markReadIfSeen()
{
    // Read means shown: the room is open, scrolled to its newest message, in the window the person uses.
    if (m_actions && m_room && m_timeline->isStuckToBottom() && isActiveWindow())
        m_actions->markRead(m_room->id());
}

void RoomView::refreshMembership()
{
    const bool invited = m_room && m_room->membership() == Membership::Invite;
    m_inviteBar->setVisible(invited);
    m_composerPanel->setVisible(m_room && !invited);
    if (invited) {
        const QString inviter = m_room->inviterId();
        m_inviteBar->setInviter(inviter.isEmpty() ? QString() : m_room->memberName(inviter));
        m_inviteBar->setBusy(false);
    }
}

RoomView::~RoomView() = default;

void RoomView::setSettings(QSettings *settings)
{
    m_frequentReactions = std::make_unique<FrequentReactions>(settings);
    m_timeline->setFrequentReactions(m_frequentReactions.get());
    m_interactions->setFrequentReactions(m_frequentReactions.get());
}

void RoomView::setTypingNotifier(TypingNotifier *notifier)
{
    m_typingNotifier = notifier;
}

void RoomView::setMessageActions(MessageActions *actions)
{
    m_interactions->setMessageActions(actions);
}

void RoomView::send(const QString &text)
{
    if (!m_outbox || !m_room)
        return;
    m_outbox->sendEvent(m_room->id(), QStringLiteral("m.room.message"), m_composerPanel->contentFor(text));
    m_timeline->scrollToBottom();
}

} // namespace estafette
