#pragma once

#include "media/attachment_source.h"
#include "rooms/outbox_journal.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

namespace estafette {

class AttachmentStager;
class HttpClient;
class MediaApi;
class MediaCache;
class MediaDownloader;
class Outbox;
class StagedFileUploader;
class StoreBridge;

// One account's media, wired: the media API, the encrypted cache with its downloads, the outbox's uploader, the
// composer's stager and the server's upload limit. Only for an account with a store (the keys of files at rest
// live in its database). Lives on the GUI thread; the heavy work of each part runs off it.
//
// Sending files: sendAttachments() stages the files one after the other, in the order given (metadata stripped,
// thumbnail made, encrypted under <media>/staging/), and hands each to the outbox as soon as it is staged, so
// they are accepted in that order; a caption goes with a single file, or after several files as a text message.
// What can't be sent (over the server's limit, unreadable, no space) is refused with a sentence before anything
// is uploaded.
class MediaSession : public QObject {
    Q_OBJECT
public:
    MediaSession(HttpClient *http, StoreBridge *store, Outbox *outbox, const QString &mediaPath,
                 QObject *parent = nullptr);
    ~MediaSession() override; // uploads and downloads stop, the cache's I/O thread finishes its writes

    QString mediaPath() const { return m_mediaPath; }
    MediaApi *api() const { return m_api.get(); }
    MediaCache *cache() const { return m_cache; }
    MediaDownloader *downloader() const { return m_downloader; }
    AttachmentStager *stager() const { return m_stager; }
    StagedFileUploader *uploader() const { return m_uploader; }

    // m.upload.size as the server said it; 0 while not known (or when the server states none).
    qint64 uploadLimit() const { return m_uploadLimit; }
    // Asks the server again (done once at start; sendAttachments() asks when it is still unknown).
    void fetchConfig();

    void sendAttachments(const QString &roomId, const QList<AttachmentSource> &sources, const QString &caption = {});
    // Staged files that no outbox entry names (the process ended between staging and acceptance, or between
    // the store forgetting a sent entry and its files being removed) are deleted; cache files no row names too.
    void sweep(const QList<OutboxEntry> &outboxEntries);
    // Batches still being staged.
    int stagingCount() const { return int(m_batches.size()); }

signals:
    void uploadLimitChanged(qint64 bytes);
    // One file could not be sent; nothing of it was uploaded. `sentence` is for the person.
    void attachmentRefused(const QString &roomId, const QString &fileName, const QString &sentence);
    // A file was staged and accepted by the outbox (its transaction id), or a batch ended.
    void attachmentAccepted(const QString &roomId, const QString &transactionId);
    void batchFinished(const QString &roomId);

private:
    struct Batch {
        QString roomId;
        QList<AttachmentSource> sources;
        QString caption;
        int next = 0;
    };
    void pump();        // stages the head batch's next source, unless one is being staged
    void stageNext();
    bool m_staging = false;
    bool m_configPending = false;
    bool m_configKnown = false; // the server answered (its limit may still be 0: none stated)

    HttpClient *m_http;
    QPointer<Outbox> m_outbox;
    QString m_mediaPath;
    std::unique_ptr<MediaApi> m_api;
    MediaCache *m_cache;
    MediaDownloader *m_downloader;
    AttachmentStager *m_stager;
    StagedFileUploader *m_uploader;
    qint64 m_uploadLimit = 0;
    QList<Batch> m_batches;
};

} // namespace estafette
