#include "attachment_tray.h"

#include "composer/attachment_tray_item.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace estafette {

AttachmentTray::AttachmentTray(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_strip(new QWidget(m_scroll))
    , m_stripLayout(new QHBoxLayout(m_strip))
{
    setObjectName(QStringLiteral("attachmentTray"));
    m_header->setObjectName(QStringLiteral("attachmentTrayHeader"));
    m_notice->setObjectName(QStringLiteral("attachmentTrayNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_scroll->setObjectName(QStringLiteral("attachmentStrip"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setFocusPolicy(Qt::NoFocus); // its items take the focus, one by one
    m_stripLayout->setContentsMargins(0, 0, 0, 0);
    m_stripLayout->setSpacing(6);
    m_stripLayout->addStretch(1);
    m_scroll->setWidget(m_strip);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->setSpacing(4);
    layout->addWidget(m_header);
    layout->addWidget(m_scroll);
    layout->addWidget(m_notice);
    hide();
}

void AttachmentTray::addFiles(const QStringList &paths)
{
    for (const QString &path : paths) {
        AttachmentSource source;
        source.path = QFileInfo(path).absoluteFilePath();
        source.fileName = QFileInfo(path).fileName();
        addSources({source});
    }
}

void AttachmentTray::addPng(const QByteArray &png, const QString &fileName)
{
    AttachmentSource source;
    source.imageData = png;
    source.fileName = fileName;
    add(new AttachmentTrayItem(source, QImage(), m_strip));
}

void AttachmentTray::addImage(const QImage &image, const QString &fileName)
{
    AttachmentSource source;
    source.fileName = fileName;
    add(new AttachmentTrayItem(source, image, m_strip));
}

void AttachmentTray::addSources(const QList<AttachmentSource> &sources)
{
    for (const AttachmentSource &source : sources) {
        if (!source.isValid())
            continue;
        const bool known = !source.path.isEmpty() && std::any_of(m_items.cbegin(), m_items.cend(), [&](auto *item) {
            return item->path() == source.path;
        });
        if (!known)
            add(new AttachmentTrayItem(source, QImage(), m_strip));
    }
}

void AttachmentTray::add(AttachmentTrayItem *item)
{
    m_notice->hide();
    m_items << item;
    m_stripLayout->insertWidget(m_stripLayout->count() - 1, item);
    connect(item, &AttachmentTrayItem::removeRequested, this, [this](AttachmentTrayItem *removed) {
        // The focus goes to the next remove button (or the previous one), never lost in the window.
        const int at = m_items.indexOf(removed);
        remove(removed);
        if (m_items.isEmpty())
            emit emptiedByPerson();
        else
            m_items.at(std::min<int>(at, m_items.size() - 1))->removeButton()->setFocus(Qt::TabFocusReason);
    });
    // The strip is as tall as an item; it scrolls sideways only.
    m_scroll->setFixedHeight(item->sizeHint().height()
                             + m_scroll->horizontalScrollBar()->sizeHint().height());
    show();
    updateHeader();
    emit countChanged(count());
}

void AttachmentTray::remove(AttachmentTrayItem *item)
{
    if (!m_items.removeOne(item))
        return;
    item->hide();
    item->deleteLater();
    m_notice->hide();
    setVisible(!m_items.isEmpty());
    updateHeader();
    emit countChanged(count());
}

void AttachmentTray::clear()
{
    if (m_items.isEmpty() && !m_notice->isVisible())
        return;
    for (AttachmentTrayItem *item : std::as_const(m_items)) {
        item->hide();
        item->deleteLater();
    }
    const bool had = !m_items.isEmpty();
    m_items.clear();
    m_notice->hide();
    hide();
    updateHeader();
    if (had)
        emit countChanged(0);
}

void AttachmentTray::noteSkippedFolders(int folders)
{
    if (folders <= 0)
        return;
    // Singular and plural spelled out: English has no catalogue to resolve "%n folder(s)".
    m_notice->setText(folders == 1
                          ? tr("A folder can't be sent, it was left out. Send a compressed archive of it instead.")
                          : tr("Folders can't be sent: %1 were left out. Send compressed archives of them instead.")
                                .arg(folders));
    m_notice->show();
    show();
}

QList<AttachmentSource> AttachmentTray::sources() const
{
    QList<AttachmentSource> out;
    out.reserve(m_items.size());
    for (AttachmentTrayItem *item : m_items)
        out << item->source();
    return out;
}

void AttachmentTray::updateHeader()
{
    m_header->setText(count() == 1
                          ? tr("One file to send. Enter sends it with the message as caption; Escape removes it.")
                          : tr("%1 files to send. Enter sends them with the message as caption; Escape removes "
                               "them.")
                                .arg(count()));
    m_header->setVisible(count() > 0);
    m_scroll->setVisible(count() > 0);
}

} // namespace estafette
