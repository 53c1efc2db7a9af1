#pragma once

#include "events/media_content.h"
#include "timeline/timeline_action.h"

#include <QListView>
#include <QPointer>

class QToolButton;

namespace estafette {

class AvatarSource;
class DownloadProgressSource;
class MessageActions;
class Room;
class StateRuns;
class ThumbnailSource;
class TimelineDelegate;
class TimelineModel;

// The timeline of one room. Stays at the bottom while the person is there and new messages arrive, keeps
// the visible messages in place when older ones are loaded above, and asks for older messages when
// scrolled to the top. Clicking a gap or a failed message asks for the matching action; a failed message also
// has a context menu (and keys: Enter retries, Delete deletes) with "Retry" and "Delete"; any other message's
// context menu offers the devices of its sender. Media rows ask for what their parts do: the picture opens the
// viewer or plays the video, a card's buttons save, open or cancel (Enter does the main one, Delete cancels
// our own upload, the context menu offers them all). A row is repainted alone when its picture arrives, and never changes height then.
class TimelineView : public QListView {
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setRoom(Room *room);
    Room *room() const;
    TimelineModel *timelineModel() const { return m_model; }
    TimelineDelegate *timelineDelegate() const { return m_delegate; }
    // Runs of state changes, each folded into one summary line until opened.
    StateRuns *stateRuns() const { return m_stateRuns; }
    // "New messages ↑": shown while our read marker is above what is on screen; scrolls to the first unread.
    QToolButton *jumpToUnreadButton() const { return m_jumpToUnread; }
    void jumpToFirstUnread();
    // The text selected with the mouse in a message (Ctrl+C copies it), empty when none.
    QString selectedText() const;
    bool isStuckToBottom() const { return m_stickToBottom; }
    // Where pictures and download progress come from; not owned (nullptr: placeholders, no progress).
    void setThumbnailSource(ThumbnailSource *source);
    void setDownloadProgressSource(DownloadProgressSource *source);
    // Where senders' avatars come from; not owned (nullptr: initials).
    void setAvatarSource(AvatarSource *source);
    // What we may do to messages (edit ours, delete, react); not owned (nullptr: reading only).
    void setMessageActions(MessageActions *actions);
    // The quick reactions offered first (not owned; nullptr: the defaults).
    void setFrequentReactions(class FrequentReactions *reactions) { m_frequent = reactions; }

signals:
    void loadOlderRequested();
    void fillGapRequested(int row);
    void retryRequested(const QString &transactionId);
    void discardRequested(const QString &transactionId);
    void devicesRequested(const QString &userId);
    // Media: `eventId` is the row's event (empty for our own not sent yet), `media` what it holds.
    void imageOpenRequested(const QString &eventId, const estafette::MediaContent &media);
    void playRequested(const QString &eventId, const estafette::MediaContent &media);
    void saveRequested(const QString &eventId, const estafette::MediaContent &media);
    void openRequested(const QString &eventId, const estafette::MediaContent &media);
    void uploadCancelRequested(const QString &transactionId);
    void downloadCancelRequested(const QString &key); // the file's mxc URI, as DownloadProgressSource knows it
    // Message actions, for the row's message (`row` at the time of asking).
    void reactionToggled(int row, const QString &key);
    void reactionPickerRequested(int row);
    void replyRequested(int row);
    void editRequested(int row);
    void redactRequested(int row);
    void editHistoryRequested(int row);
    void copyTextRequested(int row);
    void permalinkRequested(int row);
    void originalRequested(int row); // a reply's quote was clicked: show what it answers
    // A link in a formatted message was clicked: `text` is what it showed (to tell a disguised link).
    void linkActivated(const QString &href, const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void updateGeometries() override;

private:
    TimelineAction actionAt(const QPoint &pos) const; // pos in the viewport
    void perform(TimelineAction action, const QModelIndex &index);
    static bool isFailedMessage(const QModelIndex &index);
    void onRangeChanged(int min, int max);
    void onScrolled(int value);
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void maybeLoadOlder();
    QList<QModelIndex> visibleRows() const;
    void onPictureReady(const QString &key);
    void onPictureFailed(const QString &key);
    void onDownloadProgress(const QString &key);
    static bool isUploadingEcho(const QModelIndex &index);
    QList<TimelineAction> mediaActionsOf(const QModelIndex &index) const;
    static QString mediaActionText(TimelineAction action);
    static const char *mediaActionName(TimelineAction action);

    void showMessageMenu(const QModelIndex &index, const QPoint &globalPos);
    void showQuickReactions(const QModelIndex &index);
    void showStateRunMenu(const QModelIndex &index, const QPoint &globalPos);
    void applyStateRuns(int first, int last);
    void updateJumpToUnread();
    QString linkTextAt(const QModelIndex &index, const QString &href) const;
    int textPositionAt(const QModelIndex &index, const QPoint &pos) const; // -1: no selectable text there
    TimelineModel *m_model;
    QPointer<MessageActions> m_messageActions;
    FrequentReactions *m_frequent = nullptr;
    QToolButton *m_jumpToUnread;
    TimelineDelegate *m_delegate;
    StateRuns *m_stateRuns = nullptr;
    bool m_stickToBottom = true;
    int m_anchorFromBottom = -1; // distance from the bottom to keep while rows are added above
    int m_topMargin = 0;         // pushes a short timeline down so it ends at the composer
    QPointer<ThumbnailSource> m_thumbnails;
    QPointer<DownloadProgressSource> m_downloads;
    QPoint m_pressPos;
    bool m_selecting = false;    // the left button went down on a message's text and is still down
    int m_selectionAnchor = 0;           // where the last click started: which part of the row it asks for
};

} // namespace estafette
