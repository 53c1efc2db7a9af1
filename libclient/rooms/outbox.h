#pragma once

#include "net/matrix_error.h"
#include "net/retry_policy.h"
#include "rooms/outbox_journal.h"
#include "rooms/outbox_update.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace estafette {

class AttachmentUploader;
class PendingRequest;
class RoomApi;
class RoomEncryptor;
class RoomList;

// Messages the composer accepted and the server has not confirmed yet. Each gets a stable transaction id
// at acceptance; every retry reuses it, so the server stores it once. It announces what happens to each
// (updated(): queued with its local echo, accepted, upload progress, sent, failed, cancelled) and never touches
// a timeline: the rooms side (LocalEchoApplier) shows the echoes (Sending -> Sent, or Failed with retry()).
// Transient failures are retried with backoff without limit; permanent ones mark the message Failed. Within a
// room, messages go out one at a time in the order they were accepted, so a rate-limited or retried message is
// never overtaken by a later one; a retried Failed message joins the end of its room's queue.
// Encrypted or in the clear is decided by the room's known state, and unknown is never "in the clear": a message
// for a room that is not listed yet, not joined yet, or whose state is not known yet (no m.room.create nor
// m.room.encryption) waits, queued and persisted, until a sync brings that state; it fails (M_FORBIDDEN) if a
// sync says we left the room or were never let in.
// An attachment is one entry with steps: upload its thumbnail, upload its file (each recorded in the journal
// once done, so a restart resumes at the first unfinished step), build the event content naming them, encrypt it
// as a text is encrypted for an encrypted room, PUT it with its transaction id. No event names a file that did
// not arrive. In an encrypted room the staged ciphertext is uploaded as it is; in the clear, its plaintext.
class Outbox : public QObject {
    Q_OBJECT
public:
    Outbox(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent = nullptr);
    ~Outbox() override; // uploads still running are cancelled

    // Durable outbox: entries are committed through the journal before they are sent (no journal: memory only).
    void setJournal(OutboxJournal *journal) { m_journal = journal; }
    // End-to-end encryption: every message of an encrypted room goes through it; without one, messages to an
    // encrypted room fail rather than go out in the clear.
    void setEncryptor(RoomEncryptor *encryptor) { m_encryptor = encryptor; }
    // Uploads of attachments; without one, an attachment waits at the head of its room's queue until one is
    // given (so entries restored before it are not failed).
    void setUploader(AttachmentUploader *uploader);
    // Called once an attachment entry has left the outbox for good (sent, cancelled or discarded) and the journal
    // forgot it: its staged files are not needed any more. The staging folder belongs to the media side, which
    // deletes them (or keeps a sent one as the cached copy of its fileUrl).
    void setStagedFilesRemover(std::function<void(const OutgoingAttachment &attachment)> remover)
    {
        m_removeStaged = std::move(remover);
    }

    // Returns the transaction id. The message is "accepted" (accepted()) once the journal committed it.
    QString sendText(const QString &roomId, const QString &text);
    // Any message event (formatted text, a reply, a reaction, an edit) or a deletion (m.room.redaction, content
    // {"redacts", "reason"}: sent through /redact, never encrypted). `dependsOn` is the transaction id of the
    // message it relates to when that one is still here: the content names it pendingEventRef(dependsOn), and the
    // entry waits for its event id (a failed target holds it back, a cancelled one cancels it too).
    QString sendEvent(const QString &roomId, const QString &type, const QJsonObject &content,
                      const QString &dependsOn = {});
    // Whether this message is still here and not on its way (cancel() would succeed).
    bool isCancellable(const QString &txnId) const;
    // A staged attachment; the same, or an empty string (nothing accepted) when its staged file is not valid.
    QString sendAttachment(const QString &roomId, const OutgoingAttachment &attachment);
    // Entries found in the store at start: shown again as local echoes and sent in their order.
    void restore(const QList<OutboxEntry> &entries);
    void retry(const QString &txnId);   // only a Failed message; same transaction id
    void discard(const QString &txnId); // only a Failed message
    // Gives up a message that has not gone out: its upload is aborted, its echo, its entry and its staged files
    // are removed. False when it is unknown or already being sent (the server may have it: it will arrive).
    bool cancel(const QString &txnId);
    int pendingCount() const { return int(m_pending.size()); } // sending or failed
    // The attachment of an entry still in the outbox (e.g. to show its staged thumbnail on the echo).
    std::optional<OutgoingAttachment> pendingAttachment(const QString &txnId) const
    {
        return m_pending.value(txnId).attachment;
    }
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }

    static QString newTransactionId();

signals:
    // Everything that happens to an entry, in order (the signals below are shortcuts for some of it).
    void updated(const estafette::OutboxUpdate &update);
    void accepted(const QString &roomId, const QString &txnId);
    void sent(const QString &roomId, const QString &txnId, const QString &eventId);
    void failed(const QString &roomId, const QString &txnId, const estafette::MatrixError &error);
    void cancelled(const QString &roomId, const QString &txnId); // discarded or cancelled

private:
    enum class Part { Thumbnail, File };
    struct Pending {
        QString roomId;
        QString type;
        QJsonObject content;              // a text's content, or an attachment's echo content
        QJsonObject sentContent;          // the content as it goes out (before encryption), once built
        qint64 acceptedAtMs = 0;
        std::optional<OutgoingAttachment> attachment;
        bool waitingForState = false;     // head of its queue, the room's state not known yet
        bool waitingForUploader = false;  // head of its queue, no uploader yet
        bool failed = false;
        bool committed = false;           // the journal has it (or there is no journal)
        bool encrypting = false;          // waiting for the encryptor
        int encryptAttempts = 0;          // transient encryption failures in a row
        bool uploading = false;           // an upload running, or waiting to be tried again
        bool recording = false;           // waiting for the journal to record a finished upload
        quint64 uploadId = 0;             // the uploader's id of the running upload
        quint64 uploadSerial = 0;         // which of our upload attempts the callbacks belong to
        int uploadAttempts = 0;           // transient upload failures in a row
        qint64 progressShown = -1;        // last transferred count announced
        QPointer<PendingRequest> request; // in flight
        QString dependsOn;                // transaction id of the target still in the outbox
    };
    // What the room's known state says about sending into it now.
    enum class RoomReadiness { Unknown, Clear, Encrypted };
    RoomReadiness readiness(const QString &roomId) const;
    QString accept(const OutboxEntry &entry);
    void track(const OutboxEntry &entry);
    OutboxEntry entryOf(const QString &txnId) const;
    OutboxUpdate update(OutboxUpdate::Kind kind, const QString &txnId) const;
    void roomLeft(const QString &roomId);
    void markFailed(const QString &txnId, const MatrixError &error);
    void failHead(const QString &txnId, const MatrixError &error); // out of its room's queue, Failed, next one on
    void enqueue(const QString &txnId);
    void pump(const QString &roomId); // starts the head of the room's queue unless it is in flight
    void transmit(const QString &txnId);
    // The next upload step of an attachment for this form; false while one runs (or failed).
    bool uploadsDone(const QString &txnId, bool encrypted);
    void startUpload(const QString &txnId, Part part, bool encrypted);
    void uploadFinished(const QString &txnId, Part part, bool encrypted, const MatrixError &error, const QString &uri);
    void announceProgress(const QString &txnId, qint64 currentPart);
    void stopUpload(Pending &pending);
    void send(const QString &txnId, const QString &type, const QJsonObject &content);
    void encryptionFailed(const QString &txnId, const MatrixError &error);
    // Out of the outbox (sent, cancelled, discarded): forgotten by the journal, then its staged files released.
    void forget(const QString &txnId);
    bool inFlight(const QString &txnId) const;
    // Dependents of a message that was sent (their content gets its event id) or given up (they go too).
    void resolveDependents(const QString &txnId, const QString &eventId);
    void cancelDependents(const QString &txnId);
    void announceCancelled(const QString &txnId);
    RoomApi *m_api;
    OutboxJournal *m_journal = nullptr;
    RoomEncryptor *m_encryptor = nullptr;
    AttachmentUploader *m_uploader = nullptr;
    std::function<void(const OutgoingAttachment &)> m_removeStaged;
    RoomList *m_rooms;
    QString m_ownUserId;
    RetryPolicy m_retry{0, 1000, 15000};
    quint64 m_uploadSerial = 0;
    QHash<QString, Pending> m_pending;
    QHash<QString, QStringList> m_queues; // room id -> transaction ids waiting to go out, in order
    QHash<QString, QStringList> m_parked; // target transaction id -> dependents out of the queue until it is sent
};

} // namespace estafette
