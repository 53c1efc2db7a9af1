#pragma once

#include "timeline/timeline_action.h"

#include <QListView>
#include <QPointer>

namespace estafette {

class Room;
class TimelineDelegate;
class TimelineModel;

// The timeline of one room. Stays at the bottom while the person is there and new messages arrive, keeps
// the visible messages in place when older ones are loaded above, and asks for older messages when
// scrolled to the top. Clicking a gap or a failed message asks for the matching action; a failed message also
// has a context menu (and keys: Enter retries, Delete deletes) with "Retry" and "Delete"; any other message's
// context menu offers the devices of its sender.
class TimelineView : public QListView {
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setRoom(Room *room);
    Room *room() const;
    TimelineModel *timelineModel() const { return m_model; }
    TimelineDelegate *timelineDelegate() const { return m_delegate; }
    bool isStuckToBottom() const { return m_stickToBottom; }

signals:
    void loadOlderRequested();
    void fillGapRequested(int row);
    void retryRequested(const QString &transactionId);
    void discardRequested(const QString &transactionId);
    void devicesRequested(const QString &userId);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
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

    TimelineModel *m_model;
    TimelineDelegate *m_delegate;
    bool m_stickToBottom = true;
    int m_anchorFromBottom = -1; // distance from the bottom to keep while rows are added above
    int m_topMargin = 0;         // pushes a short timeline down so it ends at the composer
    QPoint m_pressPos;           // where the last click started: which part of the row it asks for
};

} // namespace estafette
