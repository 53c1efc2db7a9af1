#include "media/media_transfer.h"

#include "media/cache_file_writer.h"
#include "media/media_cache.h"
#include "media/mxc_uri.h"
#include "net/http_client.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcMediaTransfer, "estafette.media.transfer")

namespace estafette {

namespace {

using Kind = MediaError::Kind;

QString mimeTypeOf(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return QString::fromLatin1(contentType.left(semicolon < 0 ? contentType.size() : semicolon)).trimmed().toLower();
}

bool sameCipher(const EncryptedFileInfo &a, const EncryptedFileInfo &b)
{
    return a.key == b.key && a.iv == b.iv && a.sha256 == b.sha256;
}

} // namespace

MediaTransfer::MediaTransfer(const MediaRequest &request, MediaApi *api, MediaCache *cache, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_variant(request.variant())
    , m_api(api)
    , m_cache(cache)
    , m_restartTimer(new QTimer(this))
{
    m_restartTimer->setSingleShot(true);
    connect(m_restartTimer, &QTimer::timeout, this, &MediaTransfer::startDownload);
}

MediaTransfer::~MediaTransfer()
{
    if (m_http) {
        m_http->disconnect(this);
        m_http->cancel();
    }
    dropWriter();
}

void MediaTransfer::start()
{
    if (m_started)
        return;
    m_started = true;
    auto failLater = [this](const MediaError &error) {
        QMetaObject::invokeMethod(this, [this, error] { fail(error); }, Qt::QueuedConnection);
    };
    if (!MxcUri::parse(m_request.mxcUri).isValid())
        return failLater(MediaError::make(Kind::InvalidUri, QStringLiteral("not an mxc URI")));
    if (m_request.encrypted) {
        const AttachmentError error = m_request.encrypted->validate();
        if (!error.ok())
            return failLater(MediaError::make(Kind::InvalidFileInfo, error.detail));
    }
    if (!m_cache)
        return failLater(MediaError::make(Kind::Storage, QStringLiteral("no media cache")));
    QPointer<MediaTransfer> self(this);
    m_cache->find(m_request.mxcUri, m_variant, [self](const std::optional<MediaCacheEntry> &entry) {
        if (self)
            self->onCached(entry);
    });
}

void MediaTransfer::onCached(const std::optional<MediaCacheEntry> &entry)
{
    if (m_finished)
        return;
    if (entry) {
        // The variant names the key, IV and hash already; a row saying otherwise is not this attachment's.
        if (m_request.encrypted && !sameCipher(entry->file.cipher, *m_request.encrypted))
            return fail(MediaError::make(Kind::InvalidFileInfo, QStringLiteral("cached cipher differs")));
        FetchedMedia result;
        result.entry = *entry;
        result.fromCache = true;
        return complete(result);
    }
    startDownload();
}

void MediaTransfer::startDownload()
{
    if (m_finished || !m_cache)
        return;
    ++m_attempts;
    if (!m_writer) {
        m_fileName = m_cache->reserveFileName();
        m_writer = new CacheFileWriter(m_cache->absolutePath(m_fileName), m_fileName, m_request.encrypted,
                                       m_cache->ioThread(), this);
        if (!m_writer->open())
            return fail(MediaError::make(Kind::Storage, m_writer->errorString()));
    } else if (!m_writer->restart()) {
        return fail(MediaError::make(Kind::Storage, m_writer->errorString()));
    }
    const MxcUri uri = MxcUri::parse(m_request.mxcUri);
    const qint64 maxSize = m_request.effectiveMaxSize();
    PendingRequest *request = m_request.isThumbnail()
                                  ? m_api->thumbnail(uri, m_request.thumbnailSize, m_request.thumbnailMethod,
                                                     m_writer, maxSize)
                                  : m_api->download(uri, m_writer, maxSize);
    m_http = request;
    connect(request, &PendingRequest::downloadProgress, this, &MediaTransfer::progress);
    connect(request, &PendingRequest::finished, this, &MediaTransfer::onResponse);
}

MediaError MediaTransfer::errorOf(const HttpResponse &response) const
{
    const MatrixError &error = response.error;
    switch (response.bodyProblem) {
    case HttpResponse::BodyProblem::TooLarge:
        return MediaError::make(Kind::TooLarge, error.message, error);
    case HttpResponse::BodyProblem::Truncated:
        return MediaError::make(Kind::Truncated, error.message, error);
    case HttpResponse::BodyProblem::SinkFailed:
        return MediaError::make(Kind::Storage, m_writer ? m_writer->errorString() : error.message, error);
    case HttpResponse::BodyProblem::None:
        break;
    }
    if (error.kind == MatrixError::Kind::Cancelled)
        return MediaError::make(Kind::Cancelled, {}, error);
    if (error.httpStatus == 404 || error.errcode == QLatin1String("M_NOT_FOUND"))
        return MediaError::make(Kind::NotFound, error.message, error);
    if (error.httpStatus == 413 || error.errcode == QLatin1String("M_TOO_LARGE"))
        return MediaError::make(Kind::TooLarge, error.message, error);
    switch (error.kind) {
    case MatrixError::Kind::Network:
    case MatrixError::Kind::Timeout:
    case MatrixError::Kind::Tls:
        return MediaError::make(Kind::Network, error.message, error);
    default:
        return MediaError::make(Kind::Server, error.message, error);
    }
}

void MediaTransfer::onResponse(const HttpResponse &response)
{
    m_http = nullptr;
    if (m_finished)
        return;
    if (!response.ok()) {
        // HttpClient retried what failed before the body began; a body cut short is started over here.
        const bool cutShort = response.bodyProblem == HttpResponse::BodyProblem::Truncated
                              || (response.bodySize > 0 && response.error.isTransient()
                                  && response.bodyProblem == HttpResponse::BodyProblem::None);
        if (cutShort && m_restartPolicy.shouldRetry(m_attempts, response.error)) {
            const int delay = m_restartPolicy.delayAfter(m_attempts, response.error);
            qCInfo(lcMediaTransfer) << "download cut short after" << response.bodySize << "bytes; again in" << delay << "ms";
            m_restartTimer->start(delay);
            return;
        }
        return fail(errorOf(response));
    }
    m_contentType = mimeTypeOf(response.contentType);
    QPointer<MediaTransfer> self(this);
    m_writer->finish([self](const StagedFile &file, const MediaError &error) {
        if (self)
            self->onWritten(file, error);
    });
}

void MediaTransfer::onWritten(const StagedFile &file, const MediaError &error)
{
    if (m_finished)
        return;
    if (!error.ok())
        return fail(error);
    MediaCacheEntry entry;
    entry.mxcUri = m_request.mxcUri;
    entry.variant = m_variant;
    entry.file = file;
    entry.mimeType = m_contentType;
    // The file is the cache's now (kept by the writer); its name stays reserved until its row is written.
    const QString fileName = m_fileName;
    m_fileName.clear();
    QPointer<MediaCache> cache = m_cache;
    QPointer<MediaTransfer> self(this);
    if (!cache)
        return fail(MediaError::make(Kind::Storage, QStringLiteral("no media cache")));
    cache->insert(entry, [self, cache, fileName, entry](bool ok) {
        if (cache)
            cache->releaseFileName(fileName);
        if (!self || self->m_finished)
            return;
        if (!ok)
            return self->fail(MediaError::make(Kind::Storage, QStringLiteral("the cache entry was not stored")));
        FetchedMedia result;
        result.entry = entry;
        self->complete(result);
    });
}

void MediaTransfer::cancel()
{
    if (m_finished)
        return;
    m_restartTimer->stop();
    if (m_http) {
        m_http->disconnect(this);
        m_http->cancel();
        m_http = nullptr;
    }
    fail(MediaError::make(Kind::Cancelled));
}

void MediaTransfer::fail(const MediaError &error)
{
    if (m_finished)
        return;
    if (error.kind != Kind::Cancelled)
        qCInfo(lcMediaTransfer) << "media fetch failed:" << MediaError::kindName(error.kind) << error.detail;
    dropWriter();
    FetchedMedia result;
    result.error = error;
    complete(result);
}

void MediaTransfer::complete(const FetchedMedia &result)
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(result);
}

void MediaTransfer::dropWriter()
{
    if (m_writer) {
        m_writer->discard(); // no-op once the file was kept
        delete m_writer;
        m_writer = nullptr;
    }
    if (!m_fileName.isEmpty()) {
        if (m_cache)
            m_cache->releaseFileName(m_fileName);
        m_fileName.clear();
    }
}

} // namespace estafette
