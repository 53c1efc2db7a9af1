#pragma once

#include "api/media_api.h"
#include "media/attachment_cipher.h"
#include "media/media_error.h"
#include "store/account_store.h" // MediaCacheEntry

#include <QMetaType>
#include <QSize>
#include <QString>

#include <optional>

namespace estafette {

// One media file wanted from the content repository (MediaDownloader::fetch).
struct MediaRequest {
    static constexpr qint64 DefaultMaxFile = qint64(4) << 30;      // 4 GiB
    static constexpr qint64 DefaultMaxThumbnail = qint64(32) << 20; // 32 MiB

    QString mxcUri;
    // An encrypted attachment (the event's `file` or `thumbnail_file`): its ciphertext is fetched whole, checked
    // against the SHA-256 and cached as it is (its key is this one). Its own `url` is not used: mxcUri names it.
    std::optional<EncryptedFileInfo> encrypted;
    // Plain media only: a thumbnail the server makes of about this size instead of the file.
    QSize thumbnailSize;
    MediaApi::ThumbnailMethod thumbnailMethod = MediaApi::ThumbnailMethod::Scale;
    qint64 maxSize = -1; // refuse a body larger than this; -1: DefaultMaxFile or DefaultMaxThumbnail

    bool isThumbnail() const { return !encrypted && thumbnailSize.isValid() && !thumbnailSize.isEmpty(); }
    qint64 effectiveMaxSize() const
    {
        return maxSize >= 0 ? maxSize : (isThumbnail() ? DefaultMaxThumbnail : DefaultMaxFile);
    }
    // The cache variant of what this asks for: "" (the file), "thumb:WxH:method", or for an encrypted attachment
    // "e2e:" and a digest of its key, IV and hash, so that one event naming someone's ciphertext with another
    // key never shares (or spoils) the entry of the real one.
    QString variant() const;
};

// What a fetch ended with.
struct FetchedMedia {
    MediaError error;
    // On success: entry.file is the cache file (fileName relative to the media folder, "cache/<hex>"), with the
    // key, IV and SHA-256 of its ciphertext and its size. Read it through a decrypting device (CtrDecryptingDevice);
    // for an encrypted attachment its cipher is the attachment's own.
    MediaCacheEntry entry;
    bool fromCache = false;
    bool ok() const { return error.ok(); }
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::FetchedMedia)
