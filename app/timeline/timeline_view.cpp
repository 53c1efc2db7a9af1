#include "timeline/timeline_view.h"

#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "timeline/timeline_delegate.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTimer>

namespace estafette {

namespace {
constexpr int kBottomSlack = 8;     // px from the bottom still counted as "at the bottom"
constexpr int kLoadOlderMargin = 300; // px from the top that triggers loading older messages
}

TimelineView::TimelineView(QWidget *parent)
    : QListView(parent)
    , m_model(new TimelineModel(this))
    , m_delegate(new TimelineDelegate(this))
{
    setObjectName(QStringLiteral("timelineView"));
    setAccessibleName(tr("Messages"));
    setItemDelegate(m_delegate);
    setModel(m_model);
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(false);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    verticalScrollBar()->setSingleStep(24);

    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &TimelineView::onRangeChanged);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &TimelineView::onScrolled);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, &TimelineView::onRowsAboutToBeInserted);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TimelineView::onDataChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        // A row's header (sender, day) depends on the row above it: re-measure the row after the insert.
        if (last + 1 < m_model->rowCount())
            emit m_delegate->sizeHintChanged(m_model->index(last + 1));
        Q_UNUSED(first)
    });
    // A click asks for what is under the point it started from (a button of a card, a picture, a whole row).
    connect(this, &QListView::clicked, this,
            [this](const QModelIndex &index) { perform(actionAt(m_pressPos), index); });
}

void TimelineView::setRoom(Room *room)
{
    m_delegate->setWidth(viewport()->width());
    m_stickToBottom = true;
    m_anchorFromBottom = -1;
    m_model->setRoom(room);
    scrollToBottom();
    QTimer::singleShot(0, this, &TimelineView::maybeLoadOlder);
}

Room *TimelineView::room() const
{
    return m_model->room();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    m_delegate->setWidth(viewport()->width());
    QListView::resizeEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    QListView::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    QListView::mouseMoveEvent(event);
    if (actionAt(event->position().toPoint()) != TimelineAction::None)
        viewport()->setCursor(Qt::PointingHandCursor);
    else
        viewport()->unsetCursor();
}

TimelineAction TimelineView::actionAt(const QPoint &pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return TimelineAction::None;
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_delegate->actionAt(option, index, pos);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const bool activateKey = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter
        || event->key() == Qt::Key_Space;
    if (activateKey && TimelineDelegate::defaultAction(currentIndex()) != TimelineAction::None) {
        perform(TimelineDelegate::defaultAction(currentIndex()), currentIndex());
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Delete && isFailedMessage(currentIndex())) {
        emit discardRequested(currentIndex().data(TimelineModel::TransactionIdRole).toString());
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

bool TimelineView::isFailedMessage(const QModelIndex &index)
{
    return index.isValid()
        && SendState(index.data(TimelineModel::SendStateRole).toInt()) == SendState::Failed
        && !index.data(TimelineModel::TransactionIdRole).toString().isEmpty();
}

void TimelineView::contextMenuEvent(QContextMenuEvent *event)
{
    const bool fromKeyboard = event->reason() == QContextMenuEvent::Keyboard;
    // A mouse context menu comes from the viewport, in its coordinates (QAbstractScrollArea forwards it as is).
    const QModelIndex index = fromKeyboard ? currentIndex() : indexAt(event->pos());
    const QString sender = index.isValid() ? index.data(TimelineModel::SenderIdRole).toString() : QString();
    const auto kind = TimelineModel::ItemKind(index.data(TimelineModel::ItemKindRole).toInt());
    const bool message = kind == TimelineModel::ItemKind::Message || kind == TimelineModel::ItemKind::Emote
        || kind == TimelineModel::ItemKind::Notice;
    if (!isFailedMessage(index) && !(message && !sender.isEmpty())) {
        QListView::contextMenuEvent(event);
        return;
    }
    QMenu menu(this);
    QAction *retry = nullptr;
    QAction *discard = nullptr;
    QAction *devices = nullptr;
    const QString txnId = index.data(TimelineModel::TransactionIdRole).toString();
    if (isFailedMessage(index)) {
        menu.setObjectName(QStringLiteral("failedMessageMenu"));
        retry = menu.addAction(tr("&Retry sending"));
        retry->setObjectName(QStringLiteral("retryMessageAction"));
        discard = menu.addAction(tr("&Delete this message"));
        discard->setObjectName(QStringLiteral("deleteMessageAction"));
    } else {
        // Who sent this, from which devices: their fingerprints, to compare.
        menu.setObjectName(QStringLiteral("messageMenu"));
        devices = menu.addAction(tr("&Devices of %1…").arg(index.data(TimelineModel::SenderNameRole).toString()));
        devices->setObjectName(QStringLiteral("senderDevicesAction"));
    }
    QPoint at = event->globalPos();
    if (fromKeyboard)
        at = viewport()->mapToGlobal(visualRect(index).center());
    QAction *picked = menu.exec(at);
    if (picked && picked == retry)
        emit retryRequested(txnId);
    else if (picked && picked == discard)
        emit discardRequested(txnId);
    else if (picked && picked == devices)
        emit devicesRequested(sender);
    event->accept();
}

void TimelineView::updateGeometries()
{
    QListView::updateGeometries();
    // Like a conversation, a short timeline sits at the bottom, right above the composer.
    const int available = height() - 2 * frameWidth();
    const int margin = std::max(0, available - contentsSize().height());
    if (margin != m_topMargin) {
        m_topMargin = margin;
        setViewportMargins(0, margin, 0, 0);
    }
}

void TimelineView::perform(TimelineAction action, const QModelIndex &index)
{
    if (!index.isValid())
        return;
    switch (action) {
    case TimelineAction::None:
        break;
    case TimelineAction::FillGap:
        emit fillGapRequested(index.row());
        break;
    case TimelineAction::Retry:
        emit retryRequested(index.data(TimelineModel::TransactionIdRole).toString());
        break;
    }
}

void TimelineView::onRowsAboutToBeInserted(const QModelIndex &, int first, int)
{
    if (m_stickToBottom || m_model->rowCount() == 0)
        return;
    const QModelIndex top = indexAt(QPoint(1, 1));
    if (!top.isValid() || first <= top.row()) {
        QScrollBar *bar = verticalScrollBar();
        m_anchorFromBottom = bar->maximum() - bar->value();
    }
}

void TimelineView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // Bodies and send states may change height; the delegate's cache notices the new text itself.
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        emit m_delegate->sizeHintChanged(m_model->index(row));
}

void TimelineView::onRangeChanged(int, int max)
{
    QScrollBar *bar = verticalScrollBar();
    if (m_stickToBottom) {
        bar->setValue(max);
    } else if (m_anchorFromBottom >= 0) {
        bar->setValue(max - m_anchorFromBottom);
        m_anchorFromBottom = -1;
    }
    if (max == 0)
        maybeLoadOlder();
}

void TimelineView::onScrolled(int value)
{
    QScrollBar *bar = verticalScrollBar();
    m_stickToBottom = value >= bar->maximum() - kBottomSlack;
    if (value <= bar->minimum() + kLoadOlderMargin)
        maybeLoadOlder();
}

void TimelineView::maybeLoadOlder()
{
    Room *current = room();
    if (!current || current->timeline()->atBeginning())
        return;
    QScrollBar *bar = verticalScrollBar();
    if (bar->maximum() == 0 || bar->value() <= bar->minimum() + kLoadOlderMargin)
        emit loadOlderRequested();
}

} // namespace estafette
