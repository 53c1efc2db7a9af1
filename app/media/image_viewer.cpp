#include "image_viewer.h"

#include "media/device_saver.h"
#include "media/image_canvas.h"
#include "media/image_viewer_source.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIODevice>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <cmath>

namespace estafette {

ImageViewer::ImageViewer(ImageViewerSource *source, int index, QWidget *parent)
    : QDialog(parent)
    , m_source(source)
    , m_saveFolder(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
    , m_canvas(new ImageCanvas(this))
    , m_position(new QLabel(this))
    , m_zoom(new QLabel(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("imageViewer"));
    setWindowFlag(Qt::WindowMaximizeButtonHint);
    setSizeGripEnabled(true);
    resize(960, 720);

    m_previous = addButton(QStringLiteral("previousImage"), tr("Previous"), tr("Previous image (Page Up)"));
    m_next = addButton(QStringLiteral("nextImage"), tr("Next"), tr("Next image (Page Down)"));
    m_zoomOut = addButton(QStringLiteral("zoomOut"), tr("Zoom out"), tr("Zoom out (−)"));
    m_fit = addButton(QStringLiteral("fitImage"), tr("Fit"), tr("Fit the image to the window (0)"));
    m_zoomIn = addButton(QStringLiteral("zoomIn"), tr("Zoom in"), tr("Zoom in (+)"));
    m_copy = addButton(QStringLiteral("copyImage"), tr("Copy"), tr("Copy the image (Ctrl+C)"));
    m_save = addButton(QStringLiteral("saveImage"), tr("Save as…"), tr("Save the original file (Ctrl+S)"));
    m_close = addButton(QStringLiteral("closeViewer"), tr("Close"), tr("Close the viewer (Escape)"));
    m_position->setObjectName(QStringLiteral("imagePosition"));
    m_zoom->setObjectName(QStringLiteral("imageZoom"));
    m_status->setObjectName(QStringLiteral("viewerStatus"));
    m_status->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    bar->addWidget(m_position, 1);
    bar->addWidget(m_zoomOut);
    bar->addWidget(m_zoom);
    bar->addWidget(m_fit);
    bar->addWidget(m_zoomIn);
    bar->addSpacing(12);
    bar->addWidget(m_copy);
    bar->addWidget(m_save);
    bar->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addWidget(m_canvas, 1);
    auto *barMargins = new QVBoxLayout;
    barMargins->setContentsMargins(8, 0, 8, 0);
    barMargins->addLayout(bar);
    barMargins->addWidget(m_status);
    layout->addLayout(barMargins);
    // The canvas first (arrows, zoom keys), then the buttons in the order they are shown.
    setTabOrder(m_canvas, m_previous);
    setTabOrder(m_previous, m_next);
    setTabOrder(m_next, m_zoomOut);
    setTabOrder(m_zoomOut, m_fit);
    setTabOrder(m_fit, m_zoomIn);
    setTabOrder(m_zoomIn, m_copy);
    setTabOrder(m_copy, m_save);
    setTabOrder(m_save, m_close);

    connect(m_previous, &QPushButton::clicked, this, &ImageViewer::showPrevious);
    connect(m_next, &QPushButton::clicked, this, &ImageViewer::showNext);
    connect(m_zoomOut, &QPushButton::clicked, m_canvas, &ImageCanvas::zoomOut);
    connect(m_fit, &QPushButton::clicked, m_canvas, &ImageCanvas::fitToWindow);
    connect(m_zoomIn, &QPushButton::clicked, m_canvas, &ImageCanvas::zoomIn);
    connect(m_copy, &QPushButton::clicked, this, &ImageViewer::copyToClipboard);
    connect(m_save, &QPushButton::clicked, this, &ImageViewer::saveAs);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_canvas, &ImageCanvas::zoomChanged, this, &ImageViewer::updateControls);

    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        connect(new QShortcut(keys, this), &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::Key_Plus), [this] { m_canvas->zoomIn(); });
    shortcut(QKeySequence(Qt::Key_Equal), [this] { m_canvas->zoomIn(); });
    shortcut(QKeySequence::ZoomIn, [this] { m_canvas->zoomIn(); });
    shortcut(QKeySequence(Qt::Key_Minus), [this] { m_canvas->zoomOut(); });
    shortcut(QKeySequence::ZoomOut, [this] { m_canvas->zoomOut(); });
    shortcut(QKeySequence(Qt::Key_0), [this] { m_canvas->fitToWindow(); });
    shortcut(QKeySequence(Qt::Key_1), [this] { m_canvas->showActualSize(); });
    shortcut(QKeySequence(Qt::Key_PageUp), [this] { showPrevious(); });
    shortcut(QKeySequence(Qt::Key_PageDown), [this] { showNext(); });
    shortcut(QKeySequence(Qt::Key_Home), [this] { showIndex(0); });
    shortcut(QKeySequence(Qt::Key_End), [this] { showIndex(m_source ? m_source->count() - 1 : -1); });
    shortcut(QKeySequence::Copy, [this] { copyToClipboard(); });
    shortcut(QKeySequence::Save, [this] { saveAs(); });

    if (source) {
        connect(source, &ImageViewerSource::imageReady, this, &ImageViewer::onImageReady);
        connect(source, &ImageViewerSource::imageFailed, this, &ImageViewer::onImageFailed);
        connect(source, &ImageViewerSource::countChanged, this, &ImageViewer::updateControls);
    }
    m_canvas->setFocus();
    showIndex(index);
}

QPushButton *ImageViewer::addButton(const QString &objectName, const QString &text, const QString &toolTip)
{
    auto *button = new QPushButton(text, this);
    button->setObjectName(objectName);
    button->setToolTip(toolTip);
    button->setAutoDefault(false); // Enter is not "previous image"
    return button;
}

void ImageViewer::showIndex(int index)
{
    if (!m_source || index < 0 || index >= m_source->count())
        return;
    const bool changed = index != m_index;
    m_index = index;
    setStatus(QString());
    m_canvas->setMessage(tr("Loading the image…"));
    updateControls();
    if (changed)
        emit currentIndexChanged(index);
    m_source->requestImage(index); // may answer at once
}

void ImageViewer::showPrevious()
{
    showIndex(m_index - 1);
}

void ImageViewer::showNext()
{
    showIndex(m_index + 1);
}

void ImageViewer::onImageReady(int index, const QImage &image)
{
    if (index != m_index)
        return;
    if (image.isNull()) {
        onImageFailed(index, tr("This image could not be shown."));
        return;
    }
    m_canvas->setImage(image);
    updateControls();
}

void ImageViewer::onImageFailed(int index, const QString &reason)
{
    if (index != m_index)
        return;
    m_canvas->setMessage(reason.isEmpty() ? tr("This image could not be shown.") : reason);
    updateControls();
}

void ImageViewer::updateControls()
{
    const int count = m_source ? m_source->count() : 0;
    const QString name = (m_source && m_index >= 0 && m_index < count) ? m_source->name(m_index) : QString();
    setWindowTitle(name.isEmpty() ? tr("Image viewer") : tr("%1 – Image viewer").arg(name));
    m_position->setText(count > 0 ? tr("%1 of %2 · %3").arg(m_index + 1).arg(count).arg(name) : QString());
    const bool shown = m_canvas->hasImage();
    m_canvas->setAccessibleName(shown ? tr("Image %1").arg(name) : m_canvas->message());
    m_zoom->setText(shown ? tr("%1 %").arg(qRound(m_canvas->zoom() * 100)) : QString());
    m_zoom->setAccessibleName(shown ? tr("Zoom %1 %").arg(qRound(m_canvas->zoom() * 100)) : QString());
    m_previous->setEnabled(m_index > 0);
    m_next->setEnabled(m_index + 1 < count);
    m_zoomOut->setEnabled(shown);
    m_zoomIn->setEnabled(shown);
    m_fit->setEnabled(shown && !m_canvas->isFitting());
    m_copy->setEnabled(shown);
    m_save->setEnabled(count > 0 && m_index >= 0);
}

void ImageViewer::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void ImageViewer::copyToClipboard()
{
    if (!m_canvas->hasImage())
        return;
    QGuiApplication::clipboard()->setImage(m_canvas->image());
    setStatus(tr("The image was copied."));
}

void ImageViewer::saveAs()
{
    if (!m_source || m_index < 0 || m_index >= m_source->count())
        return;
    auto *dialog = new QFileDialog(this, tr("Save the image"));
    dialog->setObjectName(QStringLiteral("saveImageDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDirectory(m_saveFolder);
    // A name from the sender: only its last part, so it can't point the dialog elsewhere.
    QString name = QFileInfo(m_source->name(m_index)).fileName();
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')))
        name = tr("image");
    dialog->selectFile(name);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        m_saveFolder = QFileInfo(path).absolutePath();
        saveTo(path);
    });
    dialog->open();
}

void ImageViewer::saveTo(const QString &path)
{
    if (!m_source || m_index < 0) {
        emit saveFinished(path, tr("There is nothing to save."));
        return;
    }
    QString error;
    std::unique_ptr<QIODevice> device = m_source->openOriginal(m_index, &error);
    if (!device) {
        if (error.isEmpty())
            error = tr("The original file is not available.");
        setStatus(error);
        emit saveFinished(path, error);
        return;
    }
    ++m_saving;
    setStatus(tr("Saving “%1”…").arg(QFileInfo(path).fileName()));
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        --m_saving;
        const QString error = watcher->result();
        setStatus(error.isEmpty() ? tr("Saved as “%1”.").arg(QDir::toNativeSeparators(path)) : error);
        emit saveFinished(path, error);
    });
    watcher->setFuture(DeviceSaver::save(std::move(device), path));
}

void ImageViewer::keyPressEvent(QKeyEvent *event)
{
    // Left/Right reach here when the canvas could not use them (the image fits that way).
    if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier) {
        if (event->key() == Qt::Key_Left) {
            showPrevious();
            return;
        }
        if (event->key() == Qt::Key_Right) {
            showNext();
            return;
        }
    }
    QDialog::keyPressEvent(event);
}

} // namespace estafette
