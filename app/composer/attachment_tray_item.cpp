#include "attachment_tray_item.h"

#include "elided_label.h"
#include "media/file_type_icon.h"
#include "media/size_text.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QToolButton>

namespace estafette {

namespace {
constexpr int kThumbnail = 56; // logical pixels

// The cross of the remove button, drawn so it needs no icon theme.
QIcon crossIcon(const QColor &color, qreal dpr)
{
    const int side = 12;
    QPixmap pixmap(QSize(side, side) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color, 1.8, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(QPointF(2, 2), QPointF(side - 2, side - 2));
    painter.drawLine(QPointF(side - 2, 2), QPointF(2, side - 2));
    return QIcon(pixmap);
}
} // namespace

AttachmentTrayItem::AttachmentTrayItem(const AttachmentSource &source, const QImage &image, QWidget *parent)
    : QFrame(parent)
    , m_source(source)
    , m_thumbnail(new QLabel(this))
    , m_name(new ElidedLabel(this))
    , m_details(new QLabel(this))
    , m_sendAsFile(new QCheckBox(tr("Send as file"), this))
    , m_remove(new QToolButton(this))
{
    setObjectName(QStringLiteral("attachmentItem"));
    setFrameShape(QFrame::StyledPanel);
    setFixedWidth(260);
    if (m_source.fileName.isEmpty() && !m_source.path.isEmpty())
        m_source.fileName = QFileInfo(m_source.path).fileName();

    m_thumbnail->setObjectName(QStringLiteral("attachmentThumbnail"));
    m_thumbnail->setFixedSize(kThumbnail, kThumbnail);
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_name->setObjectName(QStringLiteral("attachmentName"));
    m_name->setText(m_source.fileName);
    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_details->setObjectName(QStringLiteral("attachmentDetails"));
    m_details->setText(tr("Preparing…"));
    // Quieter than the name but still readable (contrast well above 4.5:1, unlike the placeholder colour).
    QPalette muted = m_details->palette();
    const QColor ink = muted.color(QPalette::WindowText);
    const QColor paper = muted.color(QPalette::Window);
    muted.setColor(QPalette::WindowText, QColor::fromRgbF(ink.redF() * 0.65f + paper.redF() * 0.35f,
                                                          ink.greenF() * 0.65f + paper.greenF() * 0.35f,
                                                          ink.blueF() * 0.65f + paper.blueF() * 0.35f));
    m_details->setPalette(muted);
    m_details->setWordWrap(true);
    m_sendAsFile->setObjectName(QStringLiteral("sendAsFile"));
    m_sendAsFile->setChecked(m_source.sendAsFile);
    m_sendAsFile->setAccessibleName(tr("Send as file: %1").arg(m_source.fileName));
    m_sendAsFile->setToolTip(tr("Sends the original file untouched, without a preview. Its hidden details "
                                "(such as where a photo was taken) are then kept."));
    m_sendAsFile->hide();
    m_remove->setObjectName(QStringLiteral("removeAttachment"));
    m_remove->setIcon(crossIcon(palette().color(QPalette::WindowText), devicePixelRatioF()));
    m_remove->setAutoRaise(true);
    m_remove->setAccessibleName(tr("Remove %1").arg(m_source.fileName));
    m_remove->setToolTip(tr("Remove from what will be sent"));
    m_remove->setFocusPolicy(Qt::StrongFocus);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(6, 6, 4, 6);
    layout->setHorizontalSpacing(8);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_thumbnail, 0, 0, 3, 1, Qt::AlignTop);
    layout->addWidget(m_name, 0, 1);
    layout->addWidget(m_remove, 0, 2, Qt::AlignTop);
    layout->addWidget(m_details, 1, 1, 1, 2);
    layout->addWidget(m_sendAsFile, 2, 1, 1, 2);
    layout->setColumnStretch(1, 1);
    layout->setRowStretch(3, 1);

    connect(m_remove, &QToolButton::clicked, this, [this] { emit removeRequested(this); });
    connect(&m_watcher, &QFutureWatcher<AttachmentPreview>::finished, this, &AttachmentTrayItem::onPreview);

    showIcon(QString());
    const QSize box = QSize(kThumbnail, kThumbnail) * devicePixelRatioF();
    if (!m_source.path.isEmpty())
        m_watcher.setFuture(AttachmentPreviewer::forFile(m_source.path, box));
    else if (!m_source.imageData.isEmpty())
        m_watcher.setFuture(AttachmentPreviewer::forPng(m_source.imageData, box));
    else
        m_watcher.setFuture(AttachmentPreviewer::forImage(image, box));
}

void AttachmentTrayItem::showIcon(const QString &mimeType)
{
    const FileTypeIcon::Kind kind = FileTypeIcon::kindOf(mimeType);
    m_thumbnail->setPixmap(FileTypeIcon::pixmap(kind, FileTypeIcon::badge(kind, m_source.fileName), kThumbnail - 8,
                                                palette().color(QPalette::WindowText), devicePixelRatioF()));
    m_thumbnail->setAccessibleName(FileTypeIcon::description(kind));
}

void AttachmentTrayItem::onPreview()
{
    m_preview = m_watcher.result();
    m_ready = true;
    if (!m_preview.png.isEmpty())
        m_source.imageData = m_preview.png;
    if (!m_preview.thumbnail.isNull()) {
        QPixmap pixmap = QPixmap::fromImage(m_preview.thumbnail);
        pixmap.setDevicePixelRatio(devicePixelRatioF());
        m_thumbnail->setPixmap(pixmap);
        m_thumbnail->setAccessibleName(tr("Preview of %1").arg(m_source.fileName));
    } else {
        showIcon(m_preview.mimeType);
    }
    const FileTypeIcon::Kind kind = FileTypeIcon::kindOf(m_preview.mimeType);
    if (!m_preview.problem.isEmpty()) {
        m_details->setText(m_preview.problem);
    } else {
        m_details->setText(tr("%1 · %2").arg(SizeText::format(m_preview.size), FileTypeIcon::description(kind)));
    }
    // Image data from the clipboard has no original file to send instead.
    m_sendAsFile->setVisible(m_preview.isImage && !m_source.path.isEmpty());
    emit previewReady();
}

AttachmentSource AttachmentTrayItem::source() const
{
    AttachmentSource out = m_source;
    if (out.path.isEmpty() && out.imageData.isEmpty()) {
        // Confirmed before the PNG of pasted image data was made: wait for it.
        auto *self = const_cast<AttachmentTrayItem *>(this);
        self->m_watcher.waitForFinished();
        out.imageData = self->m_watcher.result().png;
    }
    // Only a file can go as itself; for other files than images the box is hidden and changes nothing.
    out.sendAsFile = !out.path.isEmpty() && m_sendAsFile->isChecked();
    return out;
}

} // namespace estafette
