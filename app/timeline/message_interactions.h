#pragma once

#include "rooms/message_actions.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

namespace estafette {

class BackPaginator;
class ComposerPanel;
class Room;
class TimelineView;

// What the person does to messages in the open room, from the timeline (menu, reaction chips, a reply's quote)
// and the composer (reply and edit modes, Up to edit our last message), turned into MessageActions calls and the
// dialogs they need (delete with a reason, the emoji picker, the edit history), and clipboard copies.
class MessageInteractions : public QObject {
    Q_OBJECT
public:
    MessageInteractions(TimelineView *timeline, ComposerPanel *composer, QObject *parent = nullptr);

    void setMessageActions(MessageActions *actions);
    void setPaginator(BackPaginator *paginator);
    // Where the reactions used are counted, so the quick ones are this person's (not owned).
    void setFrequentReactions(class FrequentReactions *reactions) { m_frequent = reactions; }
    // The content of a new message typed in the composer (formatting, mentions); plain text by default.
    using ContentMaker = std::function<QJsonObject(const QString &text)>;
    void setContentMaker(ContentMaker maker) { m_makeContent = std::move(maker); }

    // What opens a link that may be opened (the desktop's browser by default; tests replace it).
    using LinkOpener = std::function<void(const QUrl &url)>;
    void setLinkOpener(LinkOpener opener) { m_openLink = std::move(opener); }
    // A link of a received message: checked (LinkConfirmation), then opened.
    void openLink(const QString &href, const QString &text);

    // Shows the message a reply answers: scrolls to it and selects it, paging back through history (up to a few
    // pages) when it is not loaded yet. False when it could not be found (the reply then says so).
    void showOriginal(int replyRow);

signals:
    void sent(); // something was sent from the composer: the timeline goes to the bottom

private:
    Room *room() const;
    MessageActions::Target targetAt(int row) const;
    QJsonObject contentOf(const QString &text) const;
    void toggleReaction(int row, const QString &key);
    void pickReaction(int row);
    void reply(int row);
    void edit(int row);
    void editLast();
    void redact(int row);
    void showHistory(int row);
    void copyText(int row);
    void copyPermalink(int row);
    bool scrollToEvent(const QString &eventId);
    void searchOlder(const QString &roomId, const QString &eventId, int pagesLeft);

    TimelineView *m_timeline;
    ComposerPanel *m_composer;
    QPointer<MessageActions> m_actions;
    QPointer<BackPaginator> m_paginator;
    ContentMaker m_makeContent;
    LinkOpener m_openLink;
    FrequentReactions *m_frequent = nullptr;
};

} // namespace estafette
