#include "timeline/message_interactions.h"

#include "composer/composer_panel.h"
#include "models/timeline_model.h"
#include "rooms/back_paginator.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "text/message_content.h"
#include "timeline/edit_history_dialog.h"
#include "timeline/frequent_reactions.h"
#include "timeline/link_confirmation.h"
#include "timeline/emoji_picker.h"
#include "timeline/redact_dialog.h"
#include "timeline/timeline_view.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QUrl>

namespace estafette {

namespace {
constexpr int kSearchPages = 10; // how far back a reply's original is looked for (pages of history)
} // namespace

MessageInteractions::MessageInteractions(TimelineView *timeline, ComposerPanel *composer, QObject *parent)
    : QObject(parent), m_timeline(timeline), m_composer(composer)
{
    connect(timeline, &TimelineView::reactionToggled, this, &MessageInteractions::toggleReaction);
    connect(timeline, &TimelineView::reactionPickerRequested, this, &MessageInteractions::pickReaction);
    connect(timeline, &TimelineView::replyRequested, this, &MessageInteractions::reply);
    connect(timeline, &TimelineView::editRequested, this, &MessageInteractions::edit);
    connect(timeline, &TimelineView::redactRequested, this, &MessageInteractions::redact);
    connect(timeline, &TimelineView::editHistoryRequested, this, &MessageInteractions::showHistory);
    connect(timeline, &TimelineView::copyTextRequested, this, &MessageInteractions::copyText);
    connect(timeline, &TimelineView::permalinkRequested, this, &MessageInteractions::copyPermalink);
    connect(timeline, &TimelineView::originalRequested, this, &MessageInteractions::showOriginal);
    connect(timeline, &TimelineView::linkActivated, this, &MessageInteractions::openLink);
    connect(composer, &ComposerPanel::editLastRequested, this, &MessageInteractions::editLast);
    connect(composer, &ComposerPanel::replySubmitted, this,
            [this](const MessageActions::Target &target, const QString &text) {
                if (m_actions && room()) {
                    m_actions->reply(room()->id(), target, contentOf(text));
                    emit sent();
                }
            });
    connect(composer, &ComposerPanel::editSubmitted, this,
            [this](const MessageActions::Target &target, const QString &text) {
                if (m_actions && room())
                    m_actions->edit(room()->id(), target, contentOf(text));
            });
}

void MessageInteractions::openLink(const QString &href, const QString &text)
{
    const QUrl url(href);
    const QString scheme = url.scheme().toLower();
    // The sanitiser keeps only these; anything else is not opened whatever it says.
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http") && scheme != QLatin1String("mailto"))
        return;
    if (!LinkConfirmation::mayOpen(m_timeline->window(), text, url))
        return;
    if (m_openLink)
        m_openLink(url);
    else
        QDesktopServices::openUrl(url);
}

void MessageInteractions::setMessageActions(MessageActions *actions)
{
    m_actions = actions;
    m_timeline->setMessageActions(actions);
}

void MessageInteractions::setPaginator(BackPaginator *paginator)
{
    m_paginator = paginator;
}

Room *MessageInteractions::room() const
{
    return m_timeline->room();
}

MessageActions::Target MessageInteractions::targetAt(int row) const
{
    Room *current = room();
    if (!current || row < 0 || row >= current->timeline()->size())
        return {};
    return MessageActions::targetOf(current->timeline()->at(row));
}

QJsonObject MessageInteractions::contentOf(const QString &text) const
{
    return m_makeContent ? m_makeContent(text) : composeTextContent(text);
}

void MessageInteractions::toggleReaction(int row, const QString &key)
{
    const MessageActions::Target target = targetAt(row);
    if (m_actions && target.isValid() && !m_actions->toggleReaction(room()->id(), target, key).isEmpty() && m_frequent)
        m_frequent->used(key); // counted when a reaction is added or taken back: either way it is one in use
}

void MessageInteractions::pickReaction(int row)
{
    const MessageActions::Target target = targetAt(row);
    if (!target.isValid())
        return;
    const QString roomId = room()->id();
    auto *picker = new EmojiPicker(m_timeline->window());
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QDialog::accepted, this, [this, picker, roomId, target] {
        if (m_actions && !picker->chosen().isEmpty()) {
            m_actions->toggleReaction(roomId, target, picker->chosen());
            if (m_frequent)
                m_frequent->used(picker->chosen());
        }
    });
    picker->open();
}

void MessageInteractions::reply(int row)
{
    const MessageActions::Target target = targetAt(row);
    if (!target.isValid())
        return;
    const QModelIndex index = m_timeline->timelineModel()->index(row);
    m_composer->startReply(target, index.data(TimelineModel::SenderNameRole).toString(),
                           index.data(TimelineModel::BodyRole).toString());
}

void MessageInteractions::edit(int row)
{
    const MessageActions::Target target = targetAt(row);
    if (!target.isValid())
        return;
    const QModelIndex index = m_timeline->timelineModel()->index(row);
    m_composer->startEdit(target, index.data(TimelineModel::BodyRole).toString());
}

void MessageInteractions::editLast()
{
    Room *current = room();
    if (!current || !m_actions)
        return;
    const Timeline *timeline = current->timeline();
    for (int row = timeline->size() - 1; row >= 0; --row) {
        const TimelineItem &item = timeline->at(row);
        if (m_actions->canEdit(current->id(), item) && !MediaContent::isMediaMsgtype(RoomMessageView(item.event).msgtype())) {
            m_timeline->scrollTo(m_timeline->timelineModel()->index(row));
            edit(row);
            return;
        }
    }
}

void MessageInteractions::redact(int row)
{
    const MessageActions::Target target = targetAt(row);
    Room *current = room();
    if (!target.isValid() || !current || !m_actions)
        return;
    const bool own = current->timeline()->at(row).event.sender() == current->ownUserId();
    const QString roomId = current->id();
    auto *dialog = new RedactDialog(own, m_timeline->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, roomId, target] {
        if (m_actions)
            m_actions->redact(roomId, target, dialog->reason());
    });
    dialog->open();
}

void MessageInteractions::showHistory(int row)
{
    Room *current = room();
    if (!current || row < 0 || row >= current->timeline()->size())
        return;
    const Event &original = current->timeline()->at(row).event;
    auto *dialog = new EditHistoryDialog(RoomMessageView(original).body(), original.timestamp(),
                                         m_timeline->timelineModel()->editHistory(row), m_timeline->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MessageInteractions::copyText(int row)
{
    const QModelIndex index = m_timeline->timelineModel()->index(row);
    if (index.isValid())
        QGuiApplication::clipboard()->setText(index.data(TimelineModel::BodyRole).toString());
}

void MessageInteractions::copyPermalink(int row)
{
    Room *current = room();
    const MessageActions::Target target = targetAt(row);
    if (!current || target.eventId.isEmpty())
        return;
    // https://matrix.to/#/<room>/<event>, each part percent-encoded (the spec's matrix.to form).
    const QString link = QStringLiteral("https://matrix.to/#/%1/%2")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(current->id())),
                                  QString::fromLatin1(QUrl::toPercentEncoding(target.eventId)));
    QGuiApplication::clipboard()->setText(link);
}

bool MessageInteractions::scrollToEvent(const QString &eventId)
{
    Room *current = room();
    if (!current)
        return false;
    const int row = current->timeline()->rowOfEvent(eventId);
    if (row < 0)
        return false;
    const QModelIndex index = m_timeline->timelineModel()->index(row);
    m_timeline->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_timeline->setCurrentIndex(index);
    return true;
}

void MessageInteractions::showOriginal(int replyRow)
{
    const QModelIndex index = m_timeline->timelineModel()->index(replyRow);
    const ReplyPreview reply = index.data(TimelineModel::ReplyRole).value<ReplyPreview>();
    if (!reply.isReply() || scrollToEvent(reply.eventId) || !room())
        return;
    searchOlder(room()->id(), reply.eventId, kSearchPages);
}

void MessageInteractions::searchOlder(const QString &roomId, const QString &eventId, int pagesLeft)
{
    Room *current = room();
    if (!m_paginator || !current || current->id() != roomId || pagesLeft <= 0 || current->timeline()->atBeginning())
        return;
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_paginator, &BackPaginator::loaded, this,
                          [this, connection, roomId, eventId, pagesLeft](const QString &loadedRoom, int) {
                              if (loadedRoom != roomId)
                                  return;
                              disconnect(*connection);
                              if (!scrollToEvent(eventId))
                                  searchOlder(roomId, eventId, pagesLeft - 1);
                          });
    m_paginator->loadOlder(current, 50);
}

} // namespace estafette
