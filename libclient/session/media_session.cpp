#include "session/media_session.h"

#include "api/media_api.h"
#include "media/attachment_stager.h"
#include "media/media_cache.h"
#include "media/media_downloader.h"
#include "media/staged_file_uploader.h"
#include "net/http_client.h"
#include "rooms/outbox.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcMediaSession, "estafette.media.session")

namespace estafette {

MediaSession::MediaSession(HttpClient *http, StoreBridge *store, Outbox *outbox, const QString &mediaPath,
                           QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_outbox(outbox)
    , m_mediaPath(mediaPath)
    , m_api(std::make_unique<MediaApi>(http))
    , m_cache(new MediaCache(store, mediaPath, this))
    , m_downloader(new MediaDownloader(m_api.get(), m_cache, this))
    , m_stager(new AttachmentStager(mediaPath, this))
    , m_uploader(new StagedFileUploader(m_api.get(), mediaPath, this))
{
    QDir().mkpath(mediaPath);
    QFile::setPermissions(mediaPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (m_outbox) {
        const QString path = m_mediaPath;
        // Called once the store forgot the entry (sent, cancelled or discarded): its staged copies go.
        m_outbox->setStagedFilesRemover(
            [path](const OutgoingAttachment &attachment) { AttachmentStager::discard(path, attachment); });
        m_outbox->setUploader(m_uploader);
    }
    // An upload accepted while the server could not be asked keeps failing: ask now (over the limit, it fails).
    connect(m_uploader, &StagedFileUploader::retrying, this, [this] {
        if (!m_configKnown)
            fetchConfig();
    });
    fetchConfig();
}

MediaSession::~MediaSession()
{
    if (m_outbox) {
        m_outbox->setUploader(nullptr); // its uploads are cancelled while the uploader still exists
        m_outbox->setStagedFilesRemover({});
    }
    delete m_uploader;
    delete m_downloader; // before the cache it writes into
    delete m_stager;     // cancels staging in flight (and removes what it staged)
    delete m_cache;
}

void MediaSession::fetchConfig()
{
    if (m_configPending)
        return;
    m_configPending = true;
    PendingRequest *request = m_api->config();
    connect(request, &PendingRequest::finished, this, [this](const HttpResponse &response) {
        m_configPending = false;
        if (!response.ok()) {
            qCInfo(lcMediaSession) << "media config not known:" << response.error.message;
        } else {
            m_configKnown = true;
            const qint64 limit = std::max<qint64>(0, MediaApi::uploadSizeLimit(response));
            if (limit != m_uploadLimit) {
                m_uploadLimit = limit;
                emit uploadLimitChanged(limit);
            }
            m_stager->setUploadLimit(m_uploadLimit);
            m_uploader->setUploadLimit(m_uploadLimit);
        }
        pump();
    });
}

void MediaSession::sendAttachments(const QString &roomId, const QList<AttachmentSource> &sources,
                                   const QString &caption)
{
    if (sources.isEmpty())
        return;
    m_batches.append(Batch{roomId, sources, caption, 0});
    // The server could not be asked at start (unreachable then): ask now, so the limit is checked first.
    if (!m_configKnown)
        fetchConfig();
    pump();
}

void MediaSession::pump()
{
    if (m_staging || m_batches.isEmpty())
        return;
    // The limit is checked before anything is staged: ask for it first when it is not known yet (a server that
    // does not answer leaves it unknown: the upload itself then says).
    if (m_uploadLimit == 0 && m_configPending)
        return;
    stageNext();
}

void MediaSession::stageNext()
{
    Batch &batch = m_batches.first();
    if (batch.next >= batch.sources.size()) {
        const Batch done = m_batches.takeFirst();
        // Several files: the caption follows them as a message of its own.
        if (done.sources.size() > 1 && !done.caption.trimmed().isEmpty() && m_outbox)
            m_outbox->sendText(done.roomId, done.caption);
        emit batchFinished(done.roomId);
        pump();
        return;
    }
    const AttachmentSource source = batch.sources.at(batch.next++);
    const QString caption = batch.sources.size() == 1 ? batch.caption : QString();
    const QString roomId = batch.roomId;
    m_staging = true;
    auto *watcher = new QFutureWatcher<StagingResult>(this);
    connect(watcher, &QFutureWatcher<StagingResult>::finished, this, [this, watcher, roomId, source] {
        watcher->deleteLater();
        m_staging = false;
        const QFuture<StagingResult> future = watcher->future();
        if (future.isCanceled() || future.resultCount() == 0) {
            pump();
            return;
        }
        const StagingResult result = future.result();
        if (!result.ok()) {
            qCInfo(lcMediaSession) << "attachment refused:" << result.error.detail;
            emit attachmentRefused(roomId, result.error.fileName, result.error.message());
        } else if (!m_outbox) {
            AttachmentStager::discard(m_mediaPath, result.attachment);
        } else {
            const QString txnId = m_outbox->sendAttachment(roomId, result.attachment);
            if (txnId.isEmpty()) {
                AttachmentStager::discard(m_mediaPath, result.attachment);
                emit attachmentRefused(roomId, result.attachment.fileName, tr("The file could not be prepared for sending."));
            } else {
                emit attachmentAccepted(roomId, txnId);
            }
        }
        pump();
    });
    watcher->setFuture(m_stager->stage(source, caption));
}

void MediaSession::sweep(const QList<OutboxEntry> &outboxEntries)
{
    QSet<QString> named;
    for (const OutboxEntry &entry : outboxEntries) {
        if (!entry.attachment)
            continue;
        named.insert(QFileInfo(entry.attachment->file.fileName).fileName());
        if (entry.attachment->hasThumbnail())
            named.insert(QFileInfo(entry.attachment->thumbnail.fileName).fileName());
    }
    // Only while nothing is being staged: a file of a staging in flight is not named by any entry yet.
    if (!m_staging) {
        QDir staging(QDir(m_mediaPath).filePath(QLatin1String(AttachmentStager::StagingFolder)));
        const QStringList files = staging.entryList(QDir::Files | QDir::Hidden | QDir::System);
        int removed = 0;
        for (const QString &name : files) {
            if (!named.contains(name) && staging.remove(name))
                ++removed;
        }
        if (removed)
            qCInfo(lcMediaSession) << removed << "staged file(s) no message names were removed";
    }
    m_cache->sweep();
}

} // namespace estafette
