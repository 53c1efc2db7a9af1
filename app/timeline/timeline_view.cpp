#include "timeline/timeline_view.h"

#include "media/avatar_source.h"

#include "models/download_progress_source.h"
#include "models/thumbnail_source.h"
#include "models/timeline_model.h"
#include "rooms/message_actions.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "timeline/folding_timeline_model.h"
#include "timeline/frequent_reactions.h"
#include "timeline/message_menu.h"
#include "timeline/row_thumbnail.h"
#include "timeline/state_runs.h"
#include "timeline/timeline_delegate.h"
#include "timeline/timeline_row.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QHash>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>

namespace estafette {

namespace {
constexpr int kBottomSlack = 8;     // px from the bottom still counted as "at the bottom"
constexpr int kLoadOlderMargin = 300; // px from the top that triggers loading older messages
}

TimelineView::TimelineView(QWidget *parent)
    : QListView(parent)
    , m_model(new FoldingTimelineModel(this))
    , m_delegate(new TimelineDelegate(this))
    , m_jumpToUnread(new QToolButton(this))
{
    setObjectName(QStringLiteral("timelineView"));
    setAccessibleName(tr("Messages"));
    setItemDelegate(m_delegate);
    setModel(m_model);
    // Made after setModel(): the view takes new rows in before they are folded.
    m_stateRuns = new StateRuns(m_model, this);
    m_delegate->setStateRuns(m_stateRuns);
    static_cast<FoldingTimelineModel *>(m_model)->setStateRuns(m_stateRuns);
    connect(m_stateRuns, &StateRuns::changed, this, &TimelineView::applyStateRuns);
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

    m_jumpToUnread->setObjectName(QStringLiteral("jumpToUnread"));
    m_jumpToUnread->setText(tr("↑ New messages"));
    m_jumpToUnread->setAccessibleName(tr("Go to the first unread message"));
    m_jumpToUnread->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_jumpToUnread->setFocusPolicy(Qt::StrongFocus);
    m_jumpToUnread->hide();
    connect(m_jumpToUnread, &QToolButton::clicked, this, &TimelineView::jumpToFirstUnread);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &TimelineView::updateJumpToUnread);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TimelineView::updateJumpToUnread);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TimelineView::updateJumpToUnread);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &TimelineView::onRangeChanged);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &TimelineView::onScrolled);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, &TimelineView::onRowsAboutToBeInserted);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TimelineView::onDataChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        // A row's header (sender, day) depends on the row above it: re-measure the row after the insert.
        if (last + 1 < m_model->rowCount())
            emit m_delegate->sizeHintChanged(m_model->index(last + 1));
        // The row that was the newest is not any more: its "New messages" line may show now.
        if (first > 0)
            emit m_delegate->sizeHintChanged(m_model->index(first - 1));
    });
    // A click asks for what is under the point it started from (a button of a card, a picture, a whole row).
    connect(this, &QListView::clicked, this, [this](const QModelIndex &index) {
        const TimelineAction action = actionAt(m_pressPos);
        if (action == TimelineAction::OpenLink) {
            QStyleOptionViewItem option;
            initViewItemOption(&option);
            option.rect = visualRect(index);
            const QString href = m_delegate->linkAt(option, index, m_pressPos);
            if (!href.isEmpty())
                emit linkActivated(href, linkTextAt(index, href));
            return;
        }
        if (action == TimelineAction::ToggleReaction) {
            QStyleOptionViewItem option;
            initViewItemOption(&option);
            option.rect = visualRect(index);
            const QString key = m_delegate->reactionKeyAt(option, index, m_pressPos);
            if (!key.isEmpty())
                emit reactionToggled(index.row(), key);
            return;
        }
        perform(action, index);
    });
}

void TimelineView::setAvatarSource(AvatarSource *source)
{
    m_delegate->setAvatarSource(source);
    if (source) // an avatar never changes a row's height: repainting is enough
        connect(source, &AvatarSource::avatarReady, viewport(), qOverload<>(&QWidget::update), Qt::UniqueConnection);
    viewport()->update();
}

void TimelineView::setThumbnailSource(ThumbnailSource *source)
{
    if (m_thumbnails)
        m_thumbnails->disconnect(this);
    m_thumbnails = source;
    m_delegate->setThumbnailSource(source);
    if (source) {
        connect(source, &ThumbnailSource::imageReady, this, &TimelineView::onPictureReady);
        connect(source, &ThumbnailSource::imageFailed, this, &TimelineView::onPictureFailed);
    }
    viewport()->update();
}

void TimelineView::setDownloadProgressSource(DownloadProgressSource *source)
{
    if (m_downloads)
        m_downloads->disconnect(this);
    m_downloads = source;
    m_delegate->setDownloadProgressSource(source);
    if (source)
        connect(source, &DownloadProgressSource::progressChanged, this, &TimelineView::onDownloadProgress);
    viewport()->update();
}

QList<QModelIndex> TimelineView::visibleRows() const
{
    QList<QModelIndex> rows;
    const QRect area = viewport()->rect();
    QModelIndex index = indexAt(QPoint(1, area.top()));
    if (!index.isValid() && m_model->rowCount() > 0)
        index = m_model->index(0);
    for (; index.isValid(); index = index.siblingAtRow(index.row() + 1)) {
        const QRect rect = visualRect(index);
        if (rect.top() > area.bottom())
            break;
        if (rect.bottom() >= area.top())
            rows << index;
    }
    return rows;
}

void TimelineView::onPictureReady(const QString &key)
{
    // Only the rows showing this picture are painted again; their height does not change.
    const qreal ratio = m_delegate->devicePixelRatio();
    for (const QModelIndex &index : visibleRows()) {
        if (RowThumbnail::keyOf(index, ratio) == key)
            update(index);
    }
}

void TimelineView::onPictureFailed(const QString &key)
{
    // The row becomes a problem card, of another height: measure it again, wherever it is.
    const qreal ratio = m_delegate->devicePixelRatio();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        if (RowThumbnail::keyOf(index, ratio) == key)
            emit m_delegate->sizeHintChanged(index);
    }
}

void TimelineView::onDownloadProgress(const QString &key)
{
    for (const QModelIndex &index : visibleRows()) {
        if (TimelineRow::isMedia(TimelineRow::kindOf(index))
            && index.data(TimelineModel::MediaRole).value<MediaContent>().source().url == key)
            update(index);
    }
}

bool TimelineView::isUploadingEcho(const QModelIndex &index)
{
    return index.isValid() && TimelineRow::isMedia(TimelineRow::kindOf(index))
        && TimelineRow::sendStateOf(index) == SendState::Sending
        && !index.data(TimelineModel::TransactionIdRole).toString().isEmpty();
}

void TimelineView::setRoom(Room *room)
{
    m_delegate->setWidth(viewport()->width());
    m_delegate->setDevicePixelRatio(devicePixelRatioF());
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
    const bool widthChanged = m_delegate->width() != viewport()->width();
    m_delegate->setWidth(viewport()->width());
    m_delegate->setDevicePixelRatio(devicePixelRatioF());
    QListView::resizeEvent(event);
    // QListView lays rows out again only when the height changes (its flow direction); row heights here depend
    // on the width (wrapped text, pictures and cards fitted to it).
    if (widthChanged)
        scheduleDelayedItemsLayout();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    // A press on a message's text (not on a link, a chip or a quote) starts selecting it.
    m_selecting = false;
    if (event->button() == Qt::LeftButton) {
        const QModelIndex index = indexAt(m_pressPos);
        const int position = actionAt(m_pressPos) == TimelineAction::None ? textPositionAt(index, m_pressPos) : -1;
        if (position >= 0) {
            m_selecting = true;
            m_selectionAnchor = position;
            m_delegate->setSelection(index, position, position);
        } else {
            m_delegate->clearSelection();
        }
        viewport()->update();
    }
    QListView::mousePressEvent(event);
}

int TimelineView::textPositionAt(const QModelIndex &index, const QPoint &pos) const
{
    if (!index.isValid())
        return -1;
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_delegate->textPositionAt(option, index, pos);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_selecting && m_delegate->hasSelection() && QGuiApplication::clipboard()->supportsSelection())
        QGuiApplication::clipboard()->setText(m_delegate->selectedText(), QClipboard::Selection);
    m_selecting = false;
    QListView::mouseReleaseEvent(event);
}

QString TimelineView::selectedText() const
{
    return m_delegate->selectedText();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_selecting && (event->buttons() & Qt::LeftButton)) {
        const QPoint pos = event->position().toPoint();
        const QModelIndex pressed = indexAt(m_pressPos);
        if (pressed.isValid()) {
            // Within the row the selection started in; beyond it, to its start or its end.
            const QRect rect = visualRect(pressed);
            const QPoint clamped(pos.x(), std::clamp(pos.y(), rect.top(), rect.bottom()));
            int position = textPositionAt(pressed, clamped);
            if (pos.y() > rect.bottom())
                position = textPositionAt(pressed, QPoint(rect.right(), rect.bottom() - 2));
            if (pos.y() < rect.top())
                position = textPositionAt(pressed, QPoint(rect.left(), rect.top()));
            if (position >= 0) {
                m_delegate->setSelection(pressed, m_selectionAnchor, position);
                viewport()->update(rect);
            }
        }
        return; // no drag of rows
    }
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
    if (event->matches(QKeySequence::Copy)) {
        // The selected text, else the whole text of the current message.
        const QString text = m_delegate->hasSelection() ? m_delegate->selectedText()
                                                        : currentIndex().data(TimelineModel::BodyRole).toString();
        if (!text.isEmpty())
            QGuiApplication::clipboard()->setText(text);
        event->accept();
        return;
    }
    const bool activateKey = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter
        || event->key() == Qt::Key_Space;
    if (activateKey && m_delegate->defaultAction(currentIndex()) != TimelineAction::None) {
        perform(m_delegate->defaultAction(currentIndex()), currentIndex());
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Delete && isUploadingEcho(currentIndex())) {
        perform(TimelineAction::CancelUpload, currentIndex());
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
    const bool message = TimelineRow::isMessage(kind);
    if (index.isValid() && m_stateRuns->isHead(index.row())) {
        showStateRunMenu(index, fromKeyboard ? viewport()->mapToGlobal(visualRect(index).center()) : event->globalPos());
        event->accept();
        return;
    }
    if (!isFailedMessage(index) && !(message && !sender.isEmpty())) {
        QListView::contextMenuEvent(event);
        return;
    }
    QPoint at = event->globalPos();
    if (fromKeyboard)
        at = viewport()->mapToGlobal(visualRect(index).center());
    if (!isFailedMessage(index)) {
        showMessageMenu(index, at);
        event->accept();
        return;
    }
    // A message that could not be sent: send it again, or give it up.
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("failedMessageMenu"));
    QAction *retry = menu.addAction(tr("&Retry sending"));
    retry->setObjectName(QStringLiteral("retryMessageAction"));
    QAction *discard = menu.addAction(tr("&Delete this message"));
    discard->setObjectName(QStringLiteral("deleteMessageAction"));
    const QString txnId = index.data(TimelineModel::TransactionIdRole).toString();
    QAction *picked = menu.exec(at);
    if (picked && picked == retry)
        emit retryRequested(txnId);
    else if (picked && picked == discard)
        emit discardRequested(txnId);
    event->accept();
}

QString TimelineView::linkTextAt(const QModelIndex &index, const QString &href) const
{
    // The visible text of the (first) link to `href` in the message's sanitised HTML.
    QTextDocument doc;
    doc.setHtml(index.data(TimelineModel::FormattedHtmlRole).toString());
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        QString text;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.charFormat().anchorHref() == href)
                text += fragment.text();
            else if (!text.isEmpty())
                return text;
        }
        if (!text.isEmpty())
            return text;
    }
    return {};
}

void TimelineView::updateJumpToUnread()
{
    Room *current = room();
    const int markerRow = current ? current->timeline()->rowOfEvent(current->presence().fullyRead()) : -1;
    const bool unreadBelow = markerRow >= 0 && markerRow < m_model->rowCount() - 1;
    // A marker folded into a run of state changes shows under the run's line.
    const bool above = unreadBelow && visualRect(m_model->index(m_stateRuns->shownRow(markerRow))).bottom() < 0;
    if (above) {
        m_jumpToUnread->adjustSize();
        m_jumpToUnread->move((width() - m_jumpToUnread->width()) / 2, 6);
        m_jumpToUnread->raise();
    }
    m_jumpToUnread->setVisible(above);
}

void TimelineView::jumpToFirstUnread()
{
    Room *current = room();
    if (!current)
        return;
    const int markerRow = current->timeline()->rowOfEvent(current->presence().fullyRead());
    if (markerRow < 0 || markerRow + 1 >= m_model->rowCount())
        return;
    const QModelIndex first = m_model->index(markerRow + 1);
    scrollTo(first, QAbstractItemView::PositionAtTop);
    setCurrentIndex(first);
    setFocus(Qt::OtherFocusReason);
    updateJumpToUnread();
}

void TimelineView::showQuickReactions(const QModelIndex &index)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("quickReactionsMenu"));
    for (const QString &key : m_frequent ? m_frequent->quick() : FrequentReactions::defaults()) {
        QAction *action = menu.addAction(key);
        action->setObjectName(QStringLiteral("quickReaction"));
        action->setData(key);
    }
    menu.addSeparator();
    QAction *other = menu.addAction(tr("&Other reaction…"));
    other->setObjectName(QStringLiteral("otherReactionAction"));
    const int row = index.row();
    QAction *picked = menu.exec(viewport()->mapToGlobal(m_pressPos));
    if (picked == other)
        emit reactionPickerRequested(row);
    else if (picked)
        emit reactionToggled(row, picked->data().toString());
}

void TimelineView::setMessageActions(MessageActions *actions)
{
    m_messageActions = actions;
}

void TimelineView::showMessageMenu(const QModelIndex &index, const QPoint &globalPos)
{
    Room *current = room();
    if (!current || !index.isValid())
        return;
    const TimelineItem &item = current->timeline()->at(index.row());
    const bool sent = !index.data(TimelineModel::EventIdRole).toString().isEmpty();
    const bool redacted = index.data(TimelineModel::IsRedactedRole).toBool();
    MessageMenu::Offer offer;
    offer.canReact = m_messageActions && !redacted;
    offer.canReply = m_messageActions && sent && !redacted;
    offer.canEdit = m_messageActions && m_messageActions->canEdit(current->id(), item)
        && !TimelineRow::isMedia(TimelineRow::kindOf(index));
    offer.canRedact = m_messageActions && m_messageActions->canRedact(current->id(), item);
    offer.edited = index.data(TimelineModel::IsEditedRole).toBool();
    offer.senderName = index.data(TimelineModel::SenderNameRole).toString();
    offer.quickReactions = m_frequent ? m_frequent->quick() : FrequentReactions::defaults();
    const QList<TimelineAction> media = mediaActionsOf(index);
    for (TimelineAction action : media)
        offer.leading.append({mediaActionText(action), QLatin1String(mediaActionName(action))});
    // A link under the pointer (a mouse menu): its address can be copied.
    const QPoint local = viewport()->mapFromGlobal(globalPos);
    if (visualRect(index).contains(local)) {
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        option.rect = visualRect(index);
        offer.link = m_delegate->linkAt(option, index, local);
    }
    const int row = index.row();
    const MessageMenu::Result result = MessageMenu::exec(this, offer, globalPos);
    switch (result.choice) {
    case MessageMenu::Choice::None:
        break;
    case MessageMenu::Choice::Leading:
        if (result.leading >= 0 && result.leading < media.size())
            perform(media.at(result.leading), index);
        break;
    case MessageMenu::Choice::React:
        emit reactionToggled(row, result.key);
        break;
    case MessageMenu::Choice::OtherReaction:
        emit reactionPickerRequested(row);
        break;
    case MessageMenu::Choice::Reply:
        emit replyRequested(row);
        break;
    case MessageMenu::Choice::Edit:
        emit editRequested(row);
        break;
    case MessageMenu::Choice::Delete:
        emit redactRequested(row);
        break;
    case MessageMenu::Choice::CopyText:
        // The part selected in this message, else all of it.
        if (m_delegate->hasSelection() && m_delegate->selectedText().size() > 0 && indexAt(local) == index)
            QGuiApplication::clipboard()->setText(m_delegate->selectedText());
        else
            emit copyTextRequested(row);
        break;
    case MessageMenu::Choice::CopyLink:
        QGuiApplication::clipboard()->setText(offer.link);
        break;
    case MessageMenu::Choice::CopyPermalink:
        emit permalinkRequested(row);
        break;
    case MessageMenu::Choice::EditHistory:
        emit editHistoryRequested(row);
        break;
    case MessageMenu::Choice::Devices:
        emit devicesRequested(index.data(TimelineModel::SenderIdRole).toString());
        break;
    }
}

void TimelineView::showStateRunMenu(const QModelIndex &index, const QPoint &globalPos)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("stateRunMenu"));
    QAction *toggle = menu.addAction(m_stateRuns->runAt(index.row()).expanded ? tr("&Hide details")
                                                                              : tr("&Show details"));
    toggle->setObjectName(QStringLiteral("toggleStateRunAction"));
    const int row = index.row();
    if (menu.exec(globalPos) == toggle)
        m_stateRuns->toggle(row);
}

void TimelineView::applyStateRuns(int first, int last)
{
    // Only rows whose folding changed are touched: each change asks the view for a new layout.
    const int rows = m_model->rowCount();
    for (int row = std::max(0, first); row <= last && row < rows; ++row) {
        const bool folded = m_stateRuns->isFolded(row);
        if (isRowHidden(row) != folded)
            setRowHidden(row, folded);
    }
    // A row that stopped being a run's line is of another height; a run's line is measured again already, its
    // text having changed (FoldingTimelineModel).
    if (first >= 0 && first < rows && !m_stateRuns->isHead(first))
        emit m_delegate->sizeHintChanged(m_model->index(first));
    // The row with the focus folded away: its run's line takes it.
    const QModelIndex current = currentIndex();
    if (current.isValid() && m_stateRuns->isFolded(current.row()))
        setCurrentIndex(m_model->index(m_stateRuns->shownRow(current.row())));
    viewport()->update();
}

QList<TimelineAction> TimelineView::mediaActionsOf(const QModelIndex &index) const
{
    const auto kind = TimelineRow::kindOf(index);
    if (!index.isValid() || !TimelineRow::isMedia(kind))
        return {};
    if (isUploadingEcho(index))
        return {TimelineAction::CancelUpload};
    if (m_delegate->defaultAction(index) == TimelineAction::None)
        return {}; // malformed, disguised, or its picture failed: nothing to open or save
    switch (kind) {
    case TimelineModel::ItemKind::Image:
        return {TimelineAction::OpenImage, TimelineAction::Save};
    case TimelineModel::ItemKind::Video:
    case TimelineModel::ItemKind::Audio:
        return {TimelineAction::Play, TimelineAction::Save};
    default:
        return {TimelineAction::Save, TimelineAction::Open};
    }
}

QString TimelineView::mediaActionText(TimelineAction action)
{
    switch (action) {
    case TimelineAction::OpenImage:
        return tr("&Open the image");
    case TimelineAction::Play:
        return tr("&Play");
    case TimelineAction::Save:
        return tr("&Save as…");
    case TimelineAction::Open:
        return tr("Open with the &default application");
    case TimelineAction::CancelUpload:
        return tr("&Cancel the upload");
    default:
        return {};
    }
}

const char *TimelineView::mediaActionName(TimelineAction action)
{
    switch (action) {
    case TimelineAction::OpenImage:
        return "openImageAction";
    case TimelineAction::Play:
        return "playMediaAction";
    case TimelineAction::Save:
        return "saveMediaAction";
    case TimelineAction::Open:
        return "openFileAction";
    case TimelineAction::CancelUpload:
        return "cancelUploadAction";
    default:
        return "";
    }
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
    case TimelineAction::CancelUpload:
        emit uploadCancelRequested(index.data(TimelineModel::TransactionIdRole).toString());
        break;
    case TimelineAction::ShowOriginal:
        emit originalRequested(index.row());
        break;
    case TimelineAction::HoverReply:
        emit replyRequested(index.row());
        break;
    case TimelineAction::HoverReact:
        showQuickReactions(index);
        break;
    case TimelineAction::HoverMenu:
        showMessageMenu(index, viewport()->mapToGlobal(m_pressPos));
        break;
    case TimelineAction::ToggleStateRun:
        m_stateRuns->toggle(index.row());
        break;
    case TimelineAction::ToggleReaction:
    case TimelineAction::OpenLink:
        break; // needs the chip's key or the link: handled where the click is
    case TimelineAction::OpenImage:
    case TimelineAction::Play:
    case TimelineAction::Save:
    case TimelineAction::Open:
    case TimelineAction::CancelDownload: {
        const QString eventId = index.data(TimelineModel::EventIdRole).toString();
        const auto media = index.data(TimelineModel::MediaRole).value<MediaContent>();
        if (action == TimelineAction::OpenImage)
            emit imageOpenRequested(eventId, media);
        else if (action == TimelineAction::Play)
            emit playRequested(eventId, media);
        else if (action == TimelineAction::Save)
            emit saveRequested(eventId, media);
        else if (action == TimelineAction::Open)
            emit openRequested(eventId, media);
        else
            emit downloadCancelRequested(media.source().url);
        break;
    }
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
