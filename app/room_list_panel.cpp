#include "room_list_panel.h"

#include "models/room_list_model.h"
#include "room_list_delegate.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "media/avatar_source.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QVBoxLayout>

namespace estafette {

RoomListPanel::RoomListPanel(RoomList *rooms, QWidget *parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_view(new QListView(this))
    , m_model(new RoomListModel(rooms, this))
    , m_proxy(new RoomListSortFilterModel(this))
{
    setObjectName(QStringLiteral("roomListPanel"));
    m_filter->setObjectName(QStringLiteral("roomFilterEdit"));
    m_filter->setAccessibleName(tr("Filter rooms"));
    m_filter->setPlaceholderText(tr("Search rooms"));
    m_filter->setClearButtonEnabled(true);
    // Qt's clear button has no text, so screen readers found a nameless button: name it (the action's name is
    // Qt's, stable since Qt 5.2).
    if (auto *clear = m_filter->findChild<QAction *>(QStringLiteral("_q_qlineeditclearaction"))) {
        clear->setText(tr("Clear the filter"));
        clear->setToolTip(tr("Clear the filter"));
    }

    m_proxy->setSourceModel(m_model);
    m_proxy->setDynamicSortFilter(true);
    m_proxy->sort(0);

    m_view->setObjectName(QStringLiteral("roomList"));
    m_view->setAccessibleName(tr("Rooms"));
    m_view->setModel(m_proxy);
    m_delegate = new RoomListDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setUniformItemSizes(true);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &RoomListSortFilterModel::setFilterText);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_proxy->rowCount() > 0) {
            m_view->setCurrentIndex(m_proxy->index(0, 0));
            m_view->setFocus();
        }
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RoomListPanel::onCurrentChanged);
    setMinimumWidth(220);
}

void RoomListPanel::detach()
{
    m_view->setModel(nullptr);
    delete m_proxy;
    m_proxy = nullptr;
    delete m_model;
    m_model = nullptr;
}

Room *RoomListPanel::currentRoom() const
{
    if (!m_proxy)
        return nullptr;
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->roomAt(m_proxy->mapToSource(current).row()) : nullptr;
}

void RoomListPanel::onCurrentChanged(const QModelIndex &current)
{
    Room *room = current.isValid() && m_proxy ? m_model->roomAt(m_proxy->mapToSource(current).row()) : nullptr;
    emit currentRoomChanged(room);
}

bool RoomListPanel::selectRoom(const QString &roomId)
{
    if (!m_proxy)
        return false;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(RoomListModel::RoomIdRole).toString() == roomId) {
            m_view->setCurrentIndex(index);
            m_view->scrollTo(index);
            return true;
        }
    }
    return false;
}

bool RoomListPanel::selectMostRecentJoined()
{
    if (!m_proxy)
        return false;
    // The proxy sorts invitations first, then by most recent activity.
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (!index.data(RoomListModel::IsInviteRole).toBool()) {
            m_view->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

void RoomListPanel::setAvatarSource(AvatarSource *source)
{
    m_delegate->setAvatarSource(source);
    if (source)
        connect(source, &AvatarSource::avatarReady, m_view->viewport(), qOverload<>(&QWidget::update));
    m_view->viewport()->update();
}

} // namespace estafette
