#include "file_type_icon.h"

#include <QFileInfo>
#include <QFont>
#include <QFontMetricsF>
#include <QMimeDatabase>
#include <QMimeType>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <initializer_list>

namespace estafette {

namespace {
bool isOneOf(const QMimeType &type, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (type.inherits(QString::fromLatin1(name)))
            return true;
    }
    return false;
}

// Programs and scripts, also by names this computer's MIME database may not know (a sender's "mimetype" is any
// string): what must never look like a harmless document.
constexpr std::initializer_list<const char *> kProgramTypes = {
    "application/x-executable", "application/x-msdownload", "application/x-ms-dos-executable",
    "application/x-msdos-program", "application/vnd.microsoft.portable-executable", "application/x-msi",
    "application/x-ms-shortcut", "application/x-ms-installer", "application/x-sharedlib", "application/x-shellscript",
    "application/x-desktop", "application/x-bat", "application/java-archive", "application/x-java-archive",
    "application/vnd.android.package-archive", "text/vbscript", "application/x-powershell"};
} // namespace

FileTypeIcon::Kind FileTypeIcon::kindOf(const QMimeType &type)
{
    if (!type.isValid())
        return Kind::Other;
    const QString name = type.name();
    // Office formats are zip files underneath and scripts are text: the specific kinds are asked first.
    if (isOneOf(type, kProgramTypes))
        return Kind::Program;
    if (type.inherits(QStringLiteral("application/pdf")))
        return Kind::Pdf;
    if (isOneOf(type, {"application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "application/vnd.oasis.opendocument.text", "application/rtf", "text/rtf"}))
        return Kind::Document;
    if (isOneOf(type, {"application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "application/vnd.oasis.opendocument.spreadsheet", "text/csv"}))
        return Kind::Spreadsheet;
    if (isOneOf(type, {"application/vnd.ms-powerpoint",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       "application/vnd.oasis.opendocument.presentation"}))
        return Kind::Presentation;
    if (name.startsWith(QLatin1String("image/")))
        return Kind::Image;
    if (name.startsWith(QLatin1String("video/")))
        return Kind::Video;
    if (name.startsWith(QLatin1String("audio/")))
        return Kind::Audio;
    if (isOneOf(type, {"application/zip", "application/x-7z-compressed", "application/x-tar", "application/gzip",
                       "application/x-xz", "application/x-bzip2", "application/vnd.rar", "application/x-rar",
                       "application/zstd", "application/x-compressed-tar"}))
        return Kind::Archive;
    if (type.inherits(QStringLiteral("text/plain")))
        return Kind::Text;
    return Kind::Other;
}

FileTypeIcon::Kind FileTypeIcon::kindOf(const QString &mimeTypeName)
{
    if (mimeTypeName.isEmpty())
        return Kind::Other;
    const QMimeType type = QMimeDatabase().mimeTypeForName(mimeTypeName);
    if (!type.isValid()) {
        const QString name = mimeTypeName.trimmed().toLower();
        for (const char *program : kProgramTypes) {
            if (name == QLatin1String(program))
                return Kind::Program;
        }
    }
    return kindOf(type);
}

QString FileTypeIcon::description(Kind kind)
{
    switch (kind) {
    case Kind::Image: return tr("Image");
    case Kind::Video: return tr("Video");
    case Kind::Audio: return tr("Sound");
    case Kind::Pdf: return tr("PDF document");
    case Kind::Text: return tr("Text");
    case Kind::Document: return tr("Document");
    case Kind::Spreadsheet: return tr("Spreadsheet");
    case Kind::Presentation: return tr("Presentation");
    case Kind::Archive: return tr("Archive");
    case Kind::Program: return tr("Program");
    case Kind::Other: break;
    }
    return tr("File");
}

QString FileTypeIcon::badge(Kind kind, const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix();
    const bool plain = std::all_of(suffix.cbegin(), suffix.cend(), [](QChar c) { return c.isLetterOrNumber(); });
    if (!suffix.isEmpty() && suffix.size() <= 4 && plain)
        return suffix.toUpper();
    switch (kind) {
    case Kind::Pdf: return QStringLiteral("PDF");
    case Kind::Text: return QStringLiteral("TXT");
    case Kind::Image: return QStringLiteral("IMG");
    case Kind::Video: return QStringLiteral("VID");
    case Kind::Audio: return QStringLiteral("SON");
    case Kind::Archive: return QStringLiteral("ZIP");
    default: return QString();
    }
}

QColor FileTypeIcon::color(Kind kind)
{
    switch (kind) {
    case Kind::Image: return QColor(0x6b, 0x3f, 0xa0);
    case Kind::Video: return QColor(0xa3, 0x1f, 0x6c);
    case Kind::Audio: return QColor(0x00, 0x6c, 0x70);
    case Kind::Pdf: return QColor(0xb3, 0x26, 0x1e);
    case Kind::Text: return QColor(0x4a, 0x55, 0x63);
    case Kind::Document: return QColor(0x1b, 0x5f, 0xaa);
    case Kind::Spreadsheet: return QColor(0x1e, 0x6f, 0x32);
    case Kind::Presentation: return QColor(0xa4, 0x4a, 0x06);
    case Kind::Archive: return QColor(0x6e, 0x52, 0x00);
    case Kind::Program: return QColor(0x3b, 0x3b, 0x3b);
    case Kind::Other: break;
    }
    return QColor(0x5f, 0x63, 0x68);
}

void FileTypeIcon::paint(QPainter *painter, const QRectF &rect, Kind kind, const QString &badge, const QColor &ink)
{
    const qreal h = std::min(rect.height(), rect.width() * 4 / 3);
    const qreal w = h * 0.75;
    const QRectF box(rect.center().x() - w / 2, rect.center().y() - h / 2, w, h);
    const qreal stroke = std::max(1.0, h / 32);
    // The band sticks out on the left of the page, within the box.
    const QRectF page = box.adjusted(w * 0.1, stroke / 2, -stroke / 2, -stroke / 2);
    const qreal fold = page.width() * 0.32;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // The page with its top right corner folded.
    QPainterPath outline;
    outline.moveTo(page.topLeft());
    outline.lineTo(page.right() - fold, page.top());
    outline.lineTo(page.right(), page.top() + fold);
    outline.lineTo(page.bottomRight());
    outline.lineTo(page.bottomLeft());
    outline.closeSubpath();
    painter->setPen(QPen(ink, stroke, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    painter->setBrush(Qt::white);
    painter->drawPath(outline);
    QPainterPath corner;
    corner.moveTo(page.right() - fold, page.top());
    corner.lineTo(page.right() - fold, page.top() + fold);
    corner.lineTo(page.right(), page.top() + fold);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(corner);

    // The band across the lower half carries the label.
    const QRectF band(box.left(), box.top() + h * 0.5, w * 0.8, h * 0.28);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color(kind));
    painter->drawRoundedRect(band, stroke * 1.5, stroke * 1.5);
    if (!badge.isEmpty()) {
        QFont font = painter->font();
        font.setBold(true);
        font.setPixelSize(std::max(6, int(band.height() * 0.62)));
        // Long labels shrink to fit the band rather than overflow it.
        const qreal width = QFontMetricsF(font).horizontalAdvance(badge);
        if (width > band.width() * 0.9)
            font.setPixelSize(std::max(5, int(font.pixelSize() * band.width() * 0.9 / width)));
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(band, Qt::AlignCenter, badge);
    }
    painter->restore();
}

QPixmap FileTypeIcon::pixmap(Kind kind, const QString &badge, int height, const QColor &ink, qreal devicePixelRatio)
{
    const int width = (height * 3 + 3) / 4;
    QPixmap pixmap(QSize(width, height) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    paint(&painter, QRectF(0, 0, width, height), kind, badge, ink);
    return pixmap;
}

} // namespace estafette
