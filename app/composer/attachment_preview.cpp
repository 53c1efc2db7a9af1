#include "attachment_preview.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeDatabase>
#include <QtConcurrent/QtConcurrentRun>

namespace estafette {

namespace {

// Type from the content and the name; images Qt can read get a thumbnail decoded at about the box's size.
void describe(QIODevice *device, const QString &name, const QSize &box, AttachmentPreview *out)
{
    const QMimeType type = QMimeDatabase().mimeTypeForFileNameAndData(name, device);
    out->mimeType = type.name();
    device->seek(0);
    // SVG would be drawn, not decoded, and is sent as a file: an icon here.
    if (!type.name().startsWith(QLatin1String("image/")) || type.inherits(QStringLiteral("image/svg+xml")))
        return;
    QImageReader reader(device);
    reader.setAutoTransform(true);
    if (!reader.canRead())
        return;
    QSize size = reader.size();
    if (!size.isValid() || size.width() > AttachmentPreviewer::kMaxSide || size.height() > AttachmentPreviewer::kMaxSide
        || qint64(size.width()) * size.height() > AttachmentPreviewer::kMaxPixels)
        return;
    out->isImage = true;
    // The box applies to the image as shown; the reader scales before it rotates.
    const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
    const QSize shown = turned ? size.transposed() : size;
    QSize scaled = shown.scaled(box, Qt::KeepAspectRatio).boundedTo(shown);
    scaled = scaled.expandedTo(QSize(1, 1));
    reader.setScaledSize(turned ? scaled.transposed() : scaled);
    out->thumbnail = reader.read();
}

} // namespace

AttachmentPreview AttachmentPreviewer::previewFile(const QString &path, const QSize &box)
{
    AttachmentPreview out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.problem = tr("This file can't be read: %1").arg(file.errorString());
        return out;
    }
    out.size = file.size();
    if (out.size == 0) {
        out.problem = tr("This file is empty.");
        return out;
    }
    describe(&file, QFileInfo(path).fileName(), box, &out);
    return out;
}

AttachmentPreview AttachmentPreviewer::previewPng(const QByteArray &png, const QSize &box)
{
    AttachmentPreview out;
    out.png = png;
    out.size = png.size();
    QBuffer buffer(&out.png);
    buffer.open(QIODevice::ReadOnly);
    describe(&buffer, QStringLiteral("image.png"), box, &out);
    if (!out.isImage)
        out.problem = tr("This image can't be read.");
    return out;
}

AttachmentPreview AttachmentPreviewer::previewImage(const QImage &image, const QSize &box)
{
    AttachmentPreview out;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG")) {
        out.problem = tr("This image can't be read.");
        return out;
    }
    out.png = png;
    out.size = png.size();
    out.mimeType = QStringLiteral("image/png");
    out.isImage = true;
    out.thumbnail = image.scaled(image.size().scaled(box, Qt::KeepAspectRatio).boundedTo(image.size()),
                                 Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return out;
}

QFuture<AttachmentPreview> AttachmentPreviewer::forFile(const QString &path, const QSize &box)
{
    return QtConcurrent::run([path, box] { return previewFile(path, box); });
}

QFuture<AttachmentPreview> AttachmentPreviewer::forPng(const QByteArray &png, const QSize &box)
{
    return QtConcurrent::run([png, box] { return previewPng(png, box); });
}

QFuture<AttachmentPreview> AttachmentPreviewer::forImage(const QImage &image, const QSize &box)
{
    return QtConcurrent::run([image, box] { return previewImage(image, box); });
}

} // namespace estafette
