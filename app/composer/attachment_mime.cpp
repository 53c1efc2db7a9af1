#include "attachment_mime.h"

#include <QFileInfo>
#include <QMimeData>
#include <QSet>
#include <QUrl>

namespace estafette {

AttachmentMime::LocalFiles AttachmentMime::localFiles(const QMimeData *mime)
{
    LocalFiles out;
    if (!mime || !mime->hasUrls())
        return out;
    QSet<QString> seen;
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            continue; // a web address is not a file of this computer
        const QFileInfo info(url.toLocalFile());
        if (info.isDir()) {
            ++out.folders;
            continue;
        }
        if (!info.isFile())
            continue;
        const QString path = info.absoluteFilePath();
        if (!seen.contains(path)) {
            seen.insert(path);
            out.files << path;
        }
    }
    return out;
}

bool AttachmentMime::hasImage(const QMimeData *mime)
{
    if (!mime || !(mime->hasImage() || !pngData(mime).isEmpty()))
        return false;
    return !mime->hasText() || mime->text().trimmed().isEmpty();
}

bool AttachmentMime::carriesAttachments(const QMimeData *mime)
{
    if (!mime)
        return false;
    const LocalFiles files = localFiles(mime);
    return !files.files.isEmpty() || files.folders > 0 || hasImage(mime);
}

QByteArray AttachmentMime::pngData(const QMimeData *mime)
{
    static const QString png = QStringLiteral("image/png");
    if (!mime || !mime->hasFormat(png))
        return QByteArray();
    QByteArray data = mime->data(png);
    // Only bytes that start as a PNG does; anything else goes through the decoded image.
    if (!data.startsWith("\x89PNG\r\n\x1a\n"))
        return QByteArray();
    return data;
}

QString AttachmentMime::pastedImageName(const QDateTime &when)
{
    return tr("Pasted image %1.png").arg(when.toString(QStringLiteral("yyyy-MM-dd HH.mm.ss")));
}

} // namespace estafette
