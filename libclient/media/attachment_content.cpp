#include "media/attachment_content.h"

namespace estafette {

namespace {

bool isKnownMsgtype(const QString &msgtype)
{
    return msgtype == QLatin1String("m.image") || msgtype == QLatin1String("m.video")
        || msgtype == QLatin1String("m.audio") || msgtype == QLatin1String("m.file");
}

bool hasDimensions(const QString &msgtype)
{
    return msgtype == QLatin1String("m.image") || msgtype == QLatin1String("m.video");
}

bool hasDuration(const QString &msgtype)
{
    return msgtype == QLatin1String("m.video") || msgtype == QLatin1String("m.audio");
}

// mxc://<server-name>/<media-id>: what the upload answered, checked before an event names it.
bool isMxcUri(const QString &uri)
{
    static const QLatin1String scheme("mxc://");
    if (!uri.startsWith(scheme))
        return false;
    const QStringView rest = QStringView(uri).mid(scheme.size());
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == rest.size() - 1)
        return false;
    // The spec's media id characters: A-Z, a-z, 0-9, '_' and '-'.
    for (const QChar c : rest.mid(slash + 1)) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
                          || u == u'_' || u == u'-';
        if (!allowed)
            return false;
    }
    return true;
}

QJsonObject info(const OutgoingAttachment &a)
{
    QJsonObject info;
    if (!a.mimeType.isEmpty())
        info.insert(QStringLiteral("mimetype"), a.mimeType);
    info.insert(QStringLiteral("size"), a.file.size);
    if (hasDimensions(a.msgtype) && a.width > 0 && a.height > 0) {
        info.insert(QStringLiteral("w"), a.width);
        info.insert(QStringLiteral("h"), a.height);
    }
    if (hasDuration(a.msgtype) && a.durationMs > 0)
        info.insert(QStringLiteral("duration"), a.durationMs);
    if (a.hasThumbnail()) {
        QJsonObject thumb;
        if (!a.thumbnailMimeType.isEmpty())
            thumb.insert(QStringLiteral("mimetype"), a.thumbnailMimeType);
        thumb.insert(QStringLiteral("size"), a.thumbnail.size);
        if (a.thumbnailWidth > 0 && a.thumbnailHeight > 0) {
            thumb.insert(QStringLiteral("w"), a.thumbnailWidth);
            thumb.insert(QStringLiteral("h"), a.thumbnailHeight);
        }
        info.insert(QStringLiteral("thumbnail_info"), thumb);
    }
    return info;
}

QJsonObject encryptedFile(const StagedFile &staged, const QString &url)
{
    EncryptedFileInfo file = staged.cipher;
    file.url = url;
    return file.toJson();
}

} // namespace

QJsonObject attachmentEchoContent(const OutgoingAttachment &a)
{
    QJsonObject content{
        {QStringLiteral("msgtype"), a.msgtype},
        {QStringLiteral("body"), a.caption.isEmpty() ? a.fileName : a.caption},
        {QStringLiteral("info"), info(a)},
    };
    if (!a.fileName.isEmpty())
        content.insert(QStringLiteral("filename"), a.fileName);
    return content;
}

std::optional<QJsonObject> attachmentContent(const OutgoingAttachment &a, bool encrypted)
{
    if (!isKnownMsgtype(a.msgtype) || a.uploadedEncrypted != encrypted || !isMxcUri(a.fileUrl))
        return std::nullopt;
    if (a.hasThumbnail() && !isMxcUri(a.thumbnailUrl))
        return std::nullopt;
    QJsonObject content = attachmentEchoContent(a);
    QJsonObject details = content.value(QLatin1String("info")).toObject();
    if (encrypted) {
        if (!a.file.cipher.validate().ok() || (a.hasThumbnail() && !a.thumbnail.cipher.validate().ok()))
            return std::nullopt;
        content.insert(QStringLiteral("file"), encryptedFile(a.file, a.fileUrl));
        if (a.hasThumbnail())
            details.insert(QStringLiteral("thumbnail_file"), encryptedFile(a.thumbnail, a.thumbnailUrl));
    } else {
        content.insert(QStringLiteral("url"), a.fileUrl);
        if (a.hasThumbnail())
            details.insert(QStringLiteral("thumbnail_url"), a.thumbnailUrl);
    }
    content.insert(QStringLiteral("info"), details);
    return content;
}

} // namespace estafette
