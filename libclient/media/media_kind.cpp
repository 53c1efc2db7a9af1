#include "media/media_kind.h"

#include <QFileInfo>
#include <QImageReader>
#include <QMimeDatabase>

namespace estafette {

namespace {

// What recipients' clients show inline (the web-safe set); anything else is offered as a file.
const QStringList &inlineImageTypes()
{
    static const QStringList types{QStringLiteral("image/jpeg"), QStringLiteral("image/png"),
                                   QStringLiteral("image/gif"), QStringLiteral("image/webp")};
    return types;
}

} // namespace

QString MediaKind::msgtype(Kind kind)
{
    switch (kind) {
    case Kind::Image: return QStringLiteral("m.image");
    case Kind::Video: return QStringLiteral("m.video");
    case Kind::Audio: return QStringLiteral("m.audio");
    case Kind::File: break;
    }
    return QStringLiteral("m.file");
}

QMimeType MediaKind::choose(const QMimeType &byContent, const QMimeType &byName)
{
    if (!byName.isValid() || byName.isDefault())
        return byContent;
    // Content nobody recognises (no magic): the name is all there is.
    if (!byContent.isValid() || byContent.isDefault())
        return byName;
    // Otherwise the name may only refine what the content is: text/plain named .csv is CSV, a zip named .docx is a
    // Word document, but an executable named .pdf stays an executable and text named .pdf stays text.
    return byName.inherits(byContent.name()) ? byName : byContent;
}

QMimeType MediaKind::mimeTypeForFile(const QString &path, const QString &displayName)
{
    const QMimeDatabase db;
    const QString name = displayName.isEmpty() ? QFileInfo(path).fileName() : displayName;
    return choose(db.mimeTypeForFile(path, QMimeDatabase::MatchContent),
                  db.mimeTypeForFile(name, QMimeDatabase::MatchExtension));
}

QMimeType MediaKind::mimeTypeForData(const QByteArray &data, const QString &displayName)
{
    const QMimeDatabase db;
    return choose(db.mimeTypeForData(data), db.mimeTypeForFile(displayName, QMimeDatabase::MatchExtension));
}

bool MediaKind::isInlineImage(const QMimeType &mime)
{
    if (!mime.isValid())
        return false;
    const QString name = mime.name();
    if (!inlineImageTypes().contains(name))
        return false;
    const QList<QByteArray> decodable = QImageReader::supportedMimeTypes();
    return decodable.contains(name.toLatin1());
}

MediaKind::Kind MediaKind::kindFor(const QMimeType &mime, bool sendAsFile)
{
    if (!mime.isValid())
        return Kind::File;
    const QString name = mime.name();
    if (name.startsWith(QLatin1String("image/")))
        return !sendAsFile && isInlineImage(mime) ? Kind::Image : Kind::File;
    if (name.startsWith(QLatin1String("video/")))
        return Kind::Video;
    if (name.startsWith(QLatin1String("audio/")))
        return Kind::Audio;
    return Kind::File;
}

} // namespace estafette
