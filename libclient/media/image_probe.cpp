#include "media/image_probe.h"

#include <QImageIOHandler>
#include <QImageReader>

namespace estafette {

ImageProbe::Info ImageProbe::probe(QIODevice *device)
{
    Info info;
    if (!device || !device->isReadable()) {
        info.problem = Problem::NotAnImage;
        info.detail = QStringLiteral("nothing to read");
        return info;
    }
    const qint64 start = device->pos();
    {
        QImageReader reader(device);
        reader.setDecideFormatFromContent(true);
        info.format = reader.format();
        if (!reader.canRead()) {
            info.problem = Problem::NotAnImage;
            info.detail = QStringLiteral("no image decoder recognises it: %1").arg(reader.errorString());
        } else {
            info.storedSize = reader.size();
            info.animated = reader.supportsAnimation() && reader.imageCount() > 1;
            const QImageIOHandler::Transformations transform = reader.transformation();
            info.rotated = transform.testFlag(QImageIOHandler::TransformationRotate90);
            info.size = info.rotated ? info.storedSize.transposed() : info.storedSize;
            if (!info.storedSize.isValid() || info.storedSize.isEmpty()) {
                info.problem = Problem::NotAnImage;
                info.detail = QStringLiteral("the header gives no size");
            } else if (info.storedSize.width() > MaxSide || info.storedSize.height() > MaxSide
                       || qint64(info.storedSize.width()) * info.storedSize.height() > MaxPixels) {
                info.problem = Problem::TooLarge;
                info.detail = QStringLiteral("%1x%2 pixels").arg(info.storedSize.width()).arg(info.storedSize.height());
            }
        }
    }
    device->seek(start);
    return info;
}

} // namespace estafette
