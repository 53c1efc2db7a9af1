#include "events/media_content.h"

#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

namespace estafette {

namespace {

const QLatin1String kUrl("url");
const QLatin1String kFile("file");
const QLatin1String kInfo("info");

// The text of a string field; nullopt when present with another JSON type (null counts as absent).
std::optional<QString> optionalString(const QJsonObject &o, QLatin1String key, bool *wrongType)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isString()) {
        *wrongType = true;
        return std::nullopt;
    }
    return v.toString();
}

// A number field as an integer (JSON numbers are doubles; a fraction is cut off); -1 when absent, and
// `wrongType` when present as something else or not finite.
qint64 optionalInteger(const QJsonObject &o, QLatin1String key, bool *wrongType)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return -1;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d)) {
        *wrongType = true;
        return -1;
    }
    // Beyond ±2^62 nothing is plausible; keep the value out of qint64 overflow and let the range checks refuse it.
    constexpr double kLimit = 4.6e18;
    if (d >= kLimit)
        return std::numeric_limits<qint64>::max();
    if (d <= -kLimit)
        return std::numeric_limits<qint64>::min();
    return qint64(d);
}

// Characters that make a name lie about itself: controls, and the bidirectional overrides and isolates that
// show "photo\u202Egpj.exe" as "photoexe.jpg".
bool isDeceptiveChar(QChar c)
{
    const char16_t u = c.unicode();
    return c.category() == QChar::Other_Control || (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069)
        || u == 0x200E || u == 0x200F || u == 0x061C;
}

QString lastExtension(const QString &fileName)
{
    const int dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : fileName.mid(dot + 1).toLower();
}

// The extension before the last one ("pdf" in "report.pdf.exe").
QString innerExtension(const QString &fileName)
{
    const int last = fileName.lastIndexOf(QLatin1Char('.'));
    if (last <= 0)
        return {};
    const int inner = fileName.lastIndexOf(QLatin1Char('.'), last - 1);
    return inner < 0 ? QString() : fileName.mid(inner + 1, last - inner - 1).toLower();
}

bool looksLikeDocument(const QString &extension)
{
    static const QSet<QString> documents = {
        QStringLiteral("pdf"),  QStringLiteral("doc"),  QStringLiteral("docx"), QStringLiteral("odt"),
        QStringLiteral("xls"),  QStringLiteral("xlsx"), QStringLiteral("ods"),  QStringLiteral("ppt"),
        QStringLiteral("pptx"), QStringLiteral("odp"),  QStringLiteral("txt"),  QStringLiteral("rtf"),
        QStringLiteral("csv"),  QStringLiteral("jpg"),  QStringLiteral("jpeg"), QStringLiteral("png"),
        QStringLiteral("gif"),  QStringLiteral("webp"), QStringLiteral("heic"), QStringLiteral("mp4"),
        QStringLiteral("mov"),  QStringLiteral("mkv"),  QStringLiteral("webm"), QStringLiteral("mp3"),
        QStringLiteral("ogg"),  QStringLiteral("wav"),  QStringLiteral("zip"),  QStringLiteral("html"),
    };
    return documents.contains(extension);
}

bool hasDeceptiveChars(const QString &name)
{
    for (QChar c : name) {
        if (isDeceptiveChar(c))
            return true;
    }
    return false;
}

// Reads a source from `urlKey` (plain) or `fileKey` (encrypted; it wins when both are given, as the spec makes
// `url` the field of unencrypted media only). Problem::MissingSource when neither is there.
MediaContent::Problem readSource(const QJsonObject &o, QLatin1String urlKey, QLatin1String fileKey,
                                 MediaContent::Source *source, QString *detail)
{
    using Problem = MediaContent::Problem;
    const QJsonValue file = o.value(fileKey);
    if (!file.isUndefined() && !file.isNull()) {
        if (!file.isObject()) {
            *detail = QStringLiteral("\"%1\" is not an object").arg(fileKey);
            return Problem::InvalidEncryptedFile;
        }
        AttachmentResult<EncryptedFileInfo> parsed = EncryptedFileInfo::fromJson(file.toObject());
        if (!parsed.ok()) {
            *detail = QStringLiteral("\"%1\": %2 (%3)")
                          .arg(fileKey, QLatin1String(AttachmentError::kindName(parsed.error.kind)), parsed.error.detail);
            return Problem::InvalidEncryptedFile;
        }
        if (!MediaContent::isValidMxcUri(parsed.value.url)) {
            *detail = QStringLiteral("\"%1.url\" is not an mxc URI: %2").arg(fileKey, parsed.value.url.left(80));
            return Problem::InvalidUrl;
        }
        source->url = parsed.value.url;
        source->file = std::move(parsed.value);
        return Problem::None;
    }
    const QJsonValue url = o.value(urlKey);
    if (url.isUndefined() || url.isNull()) {
        *detail = QStringLiteral("neither \"%1\" nor \"%2\"").arg(urlKey, fileKey);
        return Problem::MissingSource;
    }
    if (!url.isString() || !MediaContent::isValidMxcUri(url.toString())) {
        *detail = QStringLiteral("\"%1\" is not an mxc URI: %2").arg(urlKey, url.toString().left(80));
        return Problem::InvalidUrl;
    }
    source->url = url.toString();
    return Problem::None;
}

bool isGiven(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return !v.isUndefined() && !v.isNull();
}

// A width and height the sender gave: both within bounds, or the problem (sides are checked before their
// product, which then cannot overflow).
MediaContent::Problem checkDimensions(qint64 w, qint64 h, QSize *size, QString *detail)
{
    if (w < 1 || h < 1 || w > MediaContent::kMaxSide || h > MediaContent::kMaxSide || w * h > MediaContent::kMaxPixels) {
        *detail = QStringLiteral("w=%1 h=%2").arg(w).arg(h);
        return MediaContent::Problem::AbsurdDimensions;
    }
    *size = QSize(int(w), int(h));
    return MediaContent::Problem::None;
}

} // namespace

bool MediaContent::isMediaMsgtype(const QString &msgtype)
{
    return msgtype == kMsgtypeImage || msgtype == kMsgtypeVideo || msgtype == kMsgtypeAudio || msgtype == kMsgtypeFile;
}

bool MediaContent::isValidMxcUri(const QString &uri)
{
    // Server name (spec appendix "Server name"): IPv4, [IPv6] or a DNS name, then an optional port. \z, not $,
    // which would let a trailing newline through.
    static const QRegularExpression mxc(QStringLiteral(
        R"(^mxc://(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?)(?::[0-9]{1,5})?/[A-Za-z0-9_-]{1,255}\z)"));
    return uri.size() <= 600 && mxc.match(uri).hasMatch();
}

bool MediaContent::isExecutableName(const QString &fileName)
{
    static const QSet<QString> programs = {
        // Windows
        QStringLiteral("exe"), QStringLiteral("com"), QStringLiteral("bat"), QStringLiteral("cmd"),
        QStringLiteral("scr"), QStringLiteral("pif"), QStringLiteral("msi"), QStringLiteral("msp"),
        QStringLiteral("msc"), QStringLiteral("cpl"), QStringLiteral("hta"), QStringLiteral("vbs"),
        QStringLiteral("vbe"), QStringLiteral("js"), QStringLiteral("jse"), QStringLiteral("wsf"),
        QStringLiteral("wsh"), QStringLiteral("ps1"), QStringLiteral("psm1"), QStringLiteral("lnk"),
        QStringLiteral("reg"), QStringLiteral("dll"), QStringLiteral("appx"), QStringLiteral("msix"),
        // Java, Linux, macOS, Android
        QStringLiteral("jar"), QStringLiteral("sh"), QStringLiteral("bash"), QStringLiteral("run"),
        QStringLiteral("desktop"), QStringLiteral("appimage"), QStringLiteral("deb"), QStringLiteral("rpm"),
        QStringLiteral("command"), QStringLiteral("app"), QStringLiteral("pkg"), QStringLiteral("apk"),
    };
    return programs.contains(lastExtension(fileName.trimmed()));
}

bool MediaContent::isExecutableMimeType(const QString &mimeType)
{
    static const QSet<QString> programs = {
        QStringLiteral("application/x-msdownload"), QStringLiteral("application/x-ms-dos-executable"),
        QStringLiteral("application/x-msdos-program"), QStringLiteral("application/vnd.microsoft.portable-executable"),
        QStringLiteral("application/x-dosexec"), QStringLiteral("application/x-executable"),
        QStringLiteral("application/x-sharedlib"), QStringLiteral("application/x-pie-executable"),
        QStringLiteral("application/x-elf"), QStringLiteral("application/x-mach-binary"),
        QStringLiteral("application/x-sh"), QStringLiteral("application/x-shellscript"),
        QStringLiteral("application/x-bat"), QStringLiteral("application/x-msi"),
        QStringLiteral("application/x-ms-installer"), QStringLiteral("application/java-archive"),
        QStringLiteral("application/x-java-archive"), QStringLiteral("application/javascript"),
        QStringLiteral("text/javascript"), QStringLiteral("application/x-desktop"),
        QStringLiteral("application/vnd.android.package-archive"), QStringLiteral("application/x-ms-shortcut"),
        QStringLiteral("application/x-appimage"), QStringLiteral("application/vnd.debian.binary-package"),
        QStringLiteral("application/x-rpm"), QStringLiteral("application/hta"),
        QStringLiteral("text/x-sh"), QStringLiteral("text/x-shellscript"), QStringLiteral("application/x-csh"),
        QStringLiteral("text/x-msdos-batch"), QStringLiteral("application/x-powershell"),
        QStringLiteral("application/x-ms-application"), QStringLiteral("application/x-apple-diskimage"),
    };
    return programs.contains(mimeType.trimmed().toLower());
}

MediaContent MediaContent::fromEvent(const Event &event)
{
    if (event.kind() != EventKind::Message || event.isRedacted())
        return {};
    return fromContent(event.content());
}

MediaContent MediaContent::fromContent(const QJsonObject &content)
{
    return parse(content, true);
}

MediaContent MediaContent::fromLocalEcho(const Event &echo)
{
    if (echo.kind() != EventKind::Message || echo.isRedacted())
        return {};
    return parse(echo.content(), false);
}

MediaContent MediaContent::parse(const QJsonObject &content, bool sourceRequired)
{
    MediaContent media;
    const QJsonValue msgtype = content.value(QLatin1String("msgtype"));
    if (!msgtype.isString() || !isMediaMsgtype(msgtype.toString()))
        return media; // NotMedia
    const QString type = msgtype.toString();
    media.m_type = type == kMsgtypeImage ? Type::Image
        : type == kMsgtypeVideo          ? Type::Video
        : type == kMsgtypeAudio          ? Type::Audio
                                         : Type::File;
    media.m_problem = Problem::None;

    // A body that is not text is said elsewhere (describeUnreadable); a filename that is not text is ignored.
    bool ignored = false;
    const QString body = optionalString(content, QLatin1String("body"), &ignored).value_or(QString());
    const QString filename = optionalString(content, QLatin1String("filename"), &ignored).value_or(QString());
    media.m_fileName = filename.trimmed().isEmpty() ? body : filename;
    if (!filename.trimmed().isEmpty() && !body.trimmed().isEmpty() && body != filename)
        media.m_caption = body;

    QString detail;
    const Problem source = readSource(content, kUrl, kFile, &media.m_source, &detail);
    if (source != Problem::None && (sourceRequired || source != Problem::MissingSource)) {
        media.setProblem(source, detail);
        return media;
    }
    media.readInfo(content);
    if (media.m_problem == Problem::None)
        media.checkType();
    return media;
}

void MediaContent::readInfo(const QJsonObject &content)
{
    const QJsonValue infoValue = content.value(kInfo);
    if (infoValue.isUndefined() || infoValue.isNull())
        return;
    if (!infoValue.isObject()) {
        setProblem(Problem::InvalidInfo, QStringLiteral("\"info\" is not an object"));
        return;
    }
    const QJsonObject info = infoValue.toObject();
    bool wrongType = false;
    m_mimeType = optionalString(info, QLatin1String("mimetype"), &wrongType).value_or(QString()).trimmed().toLower();
    m_size = optionalInteger(info, QLatin1String("size"), &wrongType);
    const bool visual = m_type == Type::Image || m_type == Type::Video;
    const bool timed = m_type == Type::Video || m_type == Type::Audio;
    const qint64 w = visual ? optionalInteger(info, QLatin1String("w"), &wrongType) : -1;
    const qint64 h = visual ? optionalInteger(info, QLatin1String("h"), &wrongType) : -1;
    m_durationMs = timed ? optionalInteger(info, QLatin1String("duration"), &wrongType) : -1;
    if (wrongType) {
        setProblem(Problem::InvalidInfo, QStringLiteral("a field of \"info\" has the wrong type"));
        return;
    }
    // A -1 from the sender is as absurd as any other negative value: only absence means unknown.
    if (isGiven(info, QLatin1String("size")) && (m_size < 0 || m_size > kMaxBytes)) {
        setProblem(Problem::AbsurdSize, QStringLiteral("size=%1").arg(m_size));
        return;
    }
    if (timed && isGiven(info, QLatin1String("duration")) && (m_durationMs < 0 || m_durationMs > kMaxDurationMs)) {
        setProblem(Problem::AbsurdDuration, QStringLiteral("duration=%1").arg(m_durationMs));
        return;
    }
    const bool wGiven = visual && isGiven(info, QLatin1String("w"));
    const bool hGiven = visual && isGiven(info, QLatin1String("h"));
    if (wGiven != hGiven) {
        setProblem(Problem::InvalidInfo, QStringLiteral("only one of \"w\" and \"h\""));
        return;
    }
    QString detail;
    if (wGiven && checkDimensions(w, h, &m_dimensions, &detail) != Problem::None) {
        setProblem(Problem::AbsurdDimensions, detail);
        return;
    }
    readThumbnail(info);
}

void MediaContent::readThumbnail(const QJsonObject &info)
{
    if (!isGiven(info, QLatin1String("thumbnail_url")) && !isGiven(info, QLatin1String("thumbnail_file")))
        return;
    Thumbnail thumbnail;
    QString detail;
    if (readSource(info, QLatin1String("thumbnail_url"), QLatin1String("thumbnail_file"), &thumbnail.source, &detail)
        != Problem::None) {
        m_thumbnailProblem = detail;
        return;
    }
    const QJsonValue thumbInfoValue = info.value(QLatin1String("thumbnail_info"));
    if (thumbInfoValue.isObject()) {
        const QJsonObject thumbInfo = thumbInfoValue.toObject();
        bool wrongType = false;
        thumbnail.mimeType = optionalString(thumbInfo, QLatin1String("mimetype"), &wrongType)
                                 .value_or(QString())
                                 .trimmed()
                                 .toLower();
        thumbnail.bytes = optionalInteger(thumbInfo, QLatin1String("size"), &wrongType);
        const qint64 w = optionalInteger(thumbInfo, QLatin1String("w"), &wrongType);
        const qint64 h = optionalInteger(thumbInfo, QLatin1String("h"), &wrongType);
        if (wrongType) {
            m_thumbnailProblem = QStringLiteral("a field of \"thumbnail_info\" has the wrong type");
            return;
        }
        const bool sized = isGiven(thumbInfo, QLatin1String("w")) || isGiven(thumbInfo, QLatin1String("h"));
        if (sized && checkDimensions(w, h, &thumbnail.size, &detail) != Problem::None) {
            m_thumbnailProblem = QStringLiteral("thumbnail ") + detail;
            return;
        }
        if (isGiven(thumbInfo, QLatin1String("size")) && (thumbnail.bytes < 0 || thumbnail.bytes > kMaxBytes)) {
            m_thumbnailProblem = QStringLiteral("thumbnail size=%1").arg(thumbnail.bytes);
            return;
        }
        if (!thumbnail.mimeType.isEmpty() && !thumbnail.mimeType.startsWith(QLatin1String("image/"))) {
            m_thumbnailProblem = QStringLiteral("thumbnail mimetype %1").arg(thumbnail.mimeType.left(80));
            return;
        }
    } else if (!thumbInfoValue.isUndefined() && !thumbInfoValue.isNull()) {
        m_thumbnailProblem = QStringLiteral("\"thumbnail_info\" is not an object");
        return;
    }
    m_thumbnail = std::move(thumbnail);
}

void MediaContent::checkType()
{
    const QString name = m_fileName.trimmed();
    if (hasDeceptiveChars(m_fileName)) {
        setProblem(Problem::DisguisedExecutable, QStringLiteral("control or bidirectional characters in the name"));
        return;
    }
    const bool executableName = isExecutableName(name);
    const bool executableType = isExecutableMimeType(m_mimeType);
    const bool neutralType = m_mimeType.isEmpty() || m_mimeType == QLatin1String("application/octet-stream");
    if (executableName && (m_type != Type::File || looksLikeDocument(innerExtension(name))
                           || (!neutralType && !executableType))) {
        setProblem(Problem::DisguisedExecutable,
                   QStringLiteral("program name \"%1\" as %2 %3").arg(name.left(80), msgtype(), m_mimeType.left(80)));
        return;
    }
    const char *expected = m_type == Type::Image ? "image/"
        : m_type == Type::Video                  ? "video/"
        : m_type == Type::Audio                  ? "audio/"
                                                 : nullptr;
    if (expected && !m_mimeType.isEmpty() && !m_mimeType.startsWith(QLatin1String(expected))) {
        setProblem(Problem::TypeMismatch, QStringLiteral("%1 of type %2").arg(msgtype(), m_mimeType.left(80)));
        return;
    }
}

void MediaContent::setProblem(Problem problem, const QString &detail)
{
    m_problem = problem;
    m_problemDetail = detail;
    m_thumbnail.reset(); // a file shown as a problem is never shown as a picture
}

QString MediaContent::msgtype() const
{
    switch (m_type) {
    case Type::Image:
        return kMsgtypeImage;
    case Type::Video:
        return kMsgtypeVideo;
    case Type::Audio:
        return kMsgtypeAudio;
    case Type::File:
        break;
    }
    return kMsgtypeFile;
}

const MediaContent::Thumbnail &MediaContent::thumbnail() const
{
    static const Thumbnail none;
    return m_thumbnail ? *m_thumbnail : none;
}

bool MediaContent::isExecutable() const
{
    return isExecutableName(m_fileName) || isExecutableMimeType(m_mimeType)
        || m_problem == Problem::DisguisedExecutable;
}

QString MediaContent::safeFileName() const
{
    QString name = m_fileName;
    const int slash = std::max(name.lastIndexOf(QLatin1Char('/')), name.lastIndexOf(QLatin1Char('\\')));
    name = name.mid(slash + 1);
    QString clean;
    clean.reserve(name.size());
    for (QChar c : std::as_const(name)) {
        if (!isDeceptiveChar(c) && c != QLatin1Char(':'))
            clean.append(c);
    }
    clean = clean.trimmed();
    while (clean.startsWith(QLatin1Char('.')))
        clean.remove(0, 1);
    clean = clean.left(200);
    return clean.isEmpty() ? QStringLiteral("file") : clean;
}

QString MediaContent::problemText() const
{
    switch (m_problem) {
    case Problem::None:
        return {};
    case Problem::NotMedia:
        return tr("This message does not hold a file.");
    case Problem::MissingSource:
        return tr("This file cannot be shown: its message does not say where to download it.");
    case Problem::InvalidUrl:
        return tr("This file cannot be shown: its address is not a valid Matrix media address.");
    case Problem::InvalidEncryptedFile:
        return tr("This file cannot be shown: what is needed to decrypt it is missing or damaged.");
    case Problem::InvalidInfo:
        return tr("This file cannot be shown: its description in the message is damaged.");
    case Problem::AbsurdDimensions:
        return tr("This file cannot be shown: it claims impossible dimensions.");
    case Problem::AbsurdSize:
        return tr("This file cannot be shown: it claims an impossible size.");
    case Problem::AbsurdDuration:
        return tr("This file cannot be shown: it claims an impossible duration.");
    case Problem::TypeMismatch:
        switch (m_type) {
        case Type::Image:
            return tr("This message says it is an image, but its file is of type “%1”: it is not shown as one.")
                .arg(m_mimeType);
        case Type::Video:
            return tr("This message says it is a video, but its file is of type “%1”: it is not played.")
                .arg(m_mimeType);
        case Type::Audio:
        case Type::File:
            break;
        }
        return tr("This message says it is a sound, but its file is of type “%1”: it is not played.").arg(m_mimeType);
    case Problem::DisguisedExecutable:
        return tr("This file is a program disguised as another kind of file. Do not open it unless you know why it "
                  "was sent.");
    }
    return {};
}

} // namespace estafette
