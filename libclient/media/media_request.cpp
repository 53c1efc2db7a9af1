#include "media/media_request.h"

#include "media/media_cache.h"

#include <QCryptographicHash>

namespace estafette {

namespace {

const int kRegisteredTypes = [] {
    qRegisterMetaType<FetchedMedia>();
    qRegisterMetaType<MediaError>();
    return 0;
}();

} // namespace

QString MediaRequest::variant() const
{
    Q_UNUSED(kRegisteredTypes);
    if (encrypted) {
        QCryptographicHash digest(QCryptographicHash::Sha256);
        digest.addData(encrypted->key);
        digest.addData(encrypted->iv);
        digest.addData(encrypted->sha256);
        return MediaCache::attachmentVariant() + QLatin1Char(':')
               + QString::fromLatin1(digest.result().toHex().left(32));
    }
    if (isThumbnail())
        return MediaCache::thumbnailVariant(thumbnailSize.width(), thumbnailSize.height(),
                                            MediaApi::methodName(thumbnailMethod));
    return MediaCache::fileVariant();
}

} // namespace estafette
