#include "media/thumbnail_maker.h"

#include <QBuffer>
#include <QColorSpace>
#include <QImageIOHandler>
#include <QImageReader>
#include <QImageWriter>

#include <algorithm>
#include <cstring>

namespace estafette {

namespace {

bool hasTransparency(const QImage &image)
{
    if (!image.hasAlphaChannel())
        return false;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x) {
            if (qAlpha(line[x]) != 255)
                return true;
        }
    }
    return false;
}

// A copy of the pixels only: QImage carries text keys read from the source (PNG tEXt, ...) that its writer would
// write back out.
QImage pixelsOnly(const QImage &image)
{
    QImage clean(image.size(), image.format());
    for (int y = 0; y < image.height(); ++y)
        std::memcpy(clean.scanLine(y), image.constScanLine(y), size_t(std::min(image.bytesPerLine(), clean.bytesPerLine())));
    clean.setColorTable(image.colorTable());
    clean.setColorSpace(image.colorSpace());
    return clean;
}

} // namespace

QSize ThumbnailMaker::fittedSize(QSize original, QSize box)
{
    if (original.isEmpty() || box.isEmpty())
        return {};
    if (original.width() <= box.width() && original.height() <= box.height())
        return original;
    QSize fitted = original.scaled(box, Qt::KeepAspectRatio);
    fitted.setWidth(std::max(1, fitted.width()));
    fitted.setHeight(std::max(1, fitted.height()));
    return fitted;
}

ThumbnailMaker::Thumbnail ThumbnailMaker::fromDevice(QIODevice *device, QSize box)
{
    Thumbnail thumbnail;
    if (!device || !device->isReadable()) {
        thumbnail.error = QStringLiteral("nothing to read");
        return thumbnail;
    }
    const qint64 start = device->pos();
    QImage image;
    {
        QImageReader reader(device);
        reader.setDecideFormatFromContent(true);
        reader.setAllocationLimit(AllocationLimitMB);
        reader.setAutoTransform(true);
        const QSize stored = reader.size();
        const bool rotated = reader.transformation().testFlag(QImageIOHandler::TransformationRotate90);
        const QSize displayed = rotated ? stored.transposed() : stored;
        const QSize target = fittedSize(displayed, box);
        // Decoders that can scale while decoding (JPEG: DCT scaling) save most of the work and memory. They are
        // asked for twice the target at most so the final smooth scaling below still has pixels to average.
        if (target.isValid() && target != displayed && reader.supportsOption(QImageIOHandler::ScaledSize)) {
            QSize decode = (target * 2).boundedTo(displayed);
            reader.setScaledSize(rotated ? decode.transposed() : decode);
        }
        image = reader.read();
        if (image.isNull())
            thumbnail.error = QStringLiteral("the image does not decode: %1").arg(reader.errorString());
    }
    device->seek(start);
    if (image.isNull())
        return thumbnail;
    return fromImage(image, box);
}

ThumbnailMaker::Thumbnail ThumbnailMaker::fromImage(const QImage &image, QSize box)
{
    Thumbnail thumbnail;
    if (image.isNull()) {
        thumbnail.error = QStringLiteral("no picture");
        return thumbnail;
    }
    const QSize target = fittedSize(image.size(), box);
    if (!target.isValid()) {
        thumbnail.error = QStringLiteral("no size");
        return thumbnail;
    }
    QImage scaled = target == image.size() ? image : image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return encode(pixelsOnly(scaled));
}

ThumbnailMaker::Thumbnail ThumbnailMaker::encode(const QImage &image)
{
    Thumbnail thumbnail;
    const bool png = hasTransparency(image);
    QBuffer buffer(&thumbnail.data);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, png ? "png" : "jpeg");
    if (!png) {
        writer.setQuality(JpegQuality);
        writer.setOptimizedWrite(true);
    }
    const QImage toWrite = png ? image.convertToFormat(QImage::Format_ARGB32)
                               : image.convertToFormat(QImage::Format_RGB32);
    if (!writer.write(toWrite)) {
        thumbnail.data.clear();
        thumbnail.error = QStringLiteral("cannot encode the thumbnail: %1").arg(writer.errorString());
        return thumbnail;
    }
    thumbnail.mimeType = png ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
    thumbnail.size = image.size();
    return thumbnail;
}

} // namespace estafette
