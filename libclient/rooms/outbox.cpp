#include "rooms/outbox.h"

#include "api/room_api.h"
#include "events/relation.h"
#include "media/attachment_content.h"
#include "net/http_client.h"
#include "rooms/attachment_uploader.h"
#include "rooms/room.h"
#include "rooms/room_encryptor.h"
#include "rooms/room_list.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

Q_LOGGING_CATEGORY(lcOutbox, "estafette.outbox")

namespace estafette {

Outbox::Outbox(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent)
    : QObject(parent), m_api(api), m_rooms(rooms), m_ownUserId(ownUserId)
{
    // Messages waiting for their room's state go on when a sync brings it.
    connect(m_rooms, &RoomList::roomAdded, this, [this](Room *room, int) { pump(room->id()); });
    connect(m_rooms, &RoomList::roomUpdated, this, [this](Room *room) { pump(room->id()); });
    connect(m_rooms, &RoomList::roomLeft, this, &Outbox::roomLeft);
}

Outbox::~Outbox()
{
    for (Pending &pending : m_pending)
        stopUpload(pending);
}

void Outbox::setUploader(AttachmentUploader *uploader)
{
    if (uploader == m_uploader)
        return;
    // Uploads running on the previous one are abandoned; with a new one they start again.
    for (Pending &pending : m_pending)
        stopUpload(pending);
    m_uploader = uploader;
    if (!m_uploader)
        return;
    const QStringList rooms = m_queues.keys();
    for (const QString &roomId : rooms)
        pump(roomId);
}

Outbox::RoomReadiness Outbox::readiness(const QString &roomId) const
{
    const Room *room = m_rooms->room(roomId);
    if (!room || room->membership() != Membership::Join)
        return RoomReadiness::Unknown; // not listed yet, or only invited: once joined, its state says
    if (room->state().isEncrypted() || (m_encryptor && m_encryptor->remembersEncryption(roomId)))
        return RoomReadiness::Encrypted;
    // Without the room's creation event its state is not known (not synced or not loaded yet): the absence of
    // m.room.encryption then means nothing.
    if (!room->state().get(QStringLiteral("m.room.create")))
        return RoomReadiness::Unknown;
    return RoomReadiness::Clear;
}

OutboxUpdate Outbox::update(OutboxUpdate::Kind kind, const QString &txnId) const
{
    OutboxUpdate u;
    u.kind = kind;
    u.roomId = m_pending.value(txnId).roomId;
    u.transactionId = txnId;
    return u;
}

void Outbox::roomLeft(const QString &roomId)
{
    // Queued messages of a room we are not in can never be sent (one on its way gets the server's answer; an
    // upload for it is of no use).
    const QStringList queued = m_queues.value(roomId);
    for (const QString &txnId : queued) {
        auto it = m_pending.find(txnId);
        if (it == m_pending.end() || it->request || it->encrypting)
            continue;
        stopUpload(*it);
        qCWarning(lcOutbox) << "message" << txnId << "not sent: we are not in its room";
        MatrixError notMember;
        notMember.kind = MatrixError::Kind::Matrix;
        notMember.errcode = QStringLiteral("M_FORBIDDEN");
        m_queues[roomId].removeOne(txnId);
        markFailed(txnId, notMember);
    }
    pump(roomId);
}

QString Outbox::newTransactionId()
{
    return QStringLiteral("est%1.%2")
        .arg(QDateTime::currentMSecsSinceEpoch())
        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

QString Outbox::sendText(const QString &roomId, const QString &text)
{
    OutboxEntry entry;
    entry.transactionId = newTransactionId();
    entry.roomId = roomId;
    entry.eventType = QStringLiteral("m.room.message");
    entry.content = QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")}, {QStringLiteral("body"), text}};
    entry.acceptedAtMs = QDateTime::currentMSecsSinceEpoch();
    return accept(entry);
}

QString Outbox::sendEvent(const QString &roomId, const QString &type, const QJsonObject &content,
                          const QString &dependsOn)
{
    OutboxEntry entry;
    entry.transactionId = newTransactionId();
    entry.roomId = roomId;
    entry.eventType = type;
    entry.content = content;
    entry.acceptedAtMs = QDateTime::currentMSecsSinceEpoch();
    entry.dependsOn = m_pending.contains(dependsOn) ? dependsOn : QString();
    return accept(entry);
}

bool Outbox::isCancellable(const QString &txnId) const
{
    const auto it = m_pending.constFind(txnId);
    return it != m_pending.cend() && !it->request;
}

QString Outbox::sendAttachment(const QString &roomId, const OutgoingAttachment &attachment)
{
    if (!attachment.file.isValid() || (attachment.hasThumbnail() && !attachment.thumbnail.isValid())) {
        qCWarning(lcOutbox) << "attachment refused: its staged file is not usable";
        return {};
    }
    OutboxEntry entry;
    entry.transactionId = newTransactionId();
    entry.roomId = roomId;
    entry.eventType = QStringLiteral("m.room.message");
    entry.content = attachmentEchoContent(attachment);
    entry.acceptedAtMs = QDateTime::currentMSecsSinceEpoch();
    entry.attachment = attachment;
    return accept(entry);
}

QString Outbox::accept(const OutboxEntry &entry)
{
    const QString txnId = entry.transactionId;
    const QString roomId = entry.roomId;
    track(entry);
    if (!m_journal) {
        m_pending[txnId].committed = true;
        emit updated(update(OutboxUpdate::Kind::Accepted, txnId));
        emit accepted(roomId, txnId);
        enqueue(txnId);
        return txnId;
    }
    // Written to disk before any network: only a committed message is sent.
    QPointer<Outbox> self(this);
    m_journal->insert(entry, [self, roomId, txnId](bool committed) {
        if (!self)
            return;
        auto it = self->m_pending.find(txnId);
        if (it == self->m_pending.end())
            return;
        if (committed) {
            it->committed = true;
            emit self->updated(self->update(OutboxUpdate::Kind::Accepted, txnId));
            emit self->accepted(roomId, txnId);
            self->enqueue(txnId);
        } else {
            self->markFailed(txnId, MatrixError::invalidResponse(QStringLiteral("the message could not be saved")));
        }
    });
    return txnId;
}

void Outbox::restore(const QList<OutboxEntry> &entries)
{
    for (const OutboxEntry &entry : entries) {
        if (m_pending.contains(entry.transactionId))
            continue;
        track(entry);
        m_pending[entry.transactionId].committed = true;
        if (entry.failed) {
            m_pending[entry.transactionId].failed = true;
            OutboxUpdate failed = update(OutboxUpdate::Kind::Failed, entry.transactionId);
            failed.error.kind = MatrixError::Kind::Matrix;
            failed.error.errcode = entry.failureReason;
            emit updated(failed);
        } else {
            enqueue(entry.transactionId);
        }
    }
}

void Outbox::track(const OutboxEntry &entry)
{
    Pending pending;
    pending.roomId = entry.roomId;
    pending.type = entry.eventType;
    pending.content = entry.content;
    pending.acceptedAtMs = entry.acceptedAtMs;
    pending.attachment = entry.attachment;
    pending.dependsOn = entry.dependsOn;
    m_pending.insert(entry.transactionId, pending);
    OutboxUpdate queued = update(OutboxUpdate::Kind::Queued, entry.transactionId);
    queued.echo = Event(QJsonObject{
        {QStringLiteral("type"), entry.eventType},
        {QStringLiteral("sender"), m_ownUserId},
        {QStringLiteral("content"), entry.content},
        {QStringLiteral("origin_server_ts"), entry.acceptedAtMs},
        {QStringLiteral("unsigned"), QJsonObject{{QStringLiteral("transaction_id"), entry.transactionId}}},
    });
    emit updated(queued);
    if (entry.attachment)
        announceProgress(entry.transactionId, 0); // the echo knows the size, and what a restart found uploaded
}

OutboxEntry Outbox::entryOf(const QString &txnId) const
{
    const Pending pending = m_pending.value(txnId);
    OutboxEntry entry;
    entry.transactionId = txnId;
    entry.roomId = pending.roomId;
    entry.eventType = pending.type;
    entry.content = pending.content;
    entry.acceptedAtMs = pending.acceptedAtMs;
    entry.attachment = pending.attachment;
    entry.dependsOn = pending.dependsOn;
    return entry;
}

void Outbox::markFailed(const QString &txnId, const MatrixError &error)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    it->failed = true;
    const QString roomId = it->roomId;
    if (m_journal && it->committed) {
        const QString reason =
            error.errcode.isEmpty() ? QString::fromLatin1(MatrixError::kindName(error.kind)) : error.errcode;
        m_journal->setFailed(txnId, true, reason);
    }
    OutboxUpdate failedUpdate = update(OutboxUpdate::Kind::Failed, txnId);
    failedUpdate.error = error;
    emit updated(failedUpdate);
    emit failed(roomId, txnId, error);
}

void Outbox::failHead(const QString &txnId, const MatrixError &error)
{
    const QString roomId = m_pending.value(txnId).roomId;
    m_queues[roomId].removeOne(txnId);
    markFailed(txnId, error);
    pump(roomId);
}

void Outbox::retry(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || !it->failed || inFlight(txnId))
        return;
    it->failed = false;
    it->encryptAttempts = 0;
    it->uploadAttempts = 0;
    emit updated(update(OutboxUpdate::Kind::Sending, txnId));
    if (!it->committed && m_journal) {
        // It was never saved (the store refused it): saved first, as when it was accepted.
        const OutboxEntry entry = entryOf(txnId);
        const QString roomId = entry.roomId;
        QPointer<Outbox> self(this);
        m_journal->insert(entry, [self, roomId, txnId](bool committed) {
            if (!self)
                return;
            auto it = self->m_pending.find(txnId);
            if (it == self->m_pending.end())
                return;
            if (!committed) {
                self->markFailed(txnId, MatrixError::invalidResponse(QStringLiteral("the message could not be saved")));
                return;
            }
            it->committed = true;
            emit self->updated(self->update(OutboxUpdate::Kind::Accepted, txnId));
            emit self->accepted(roomId, txnId);
            self->enqueue(txnId);
        });
        return;
    }
    if (m_journal)
        m_journal->setFailed(txnId, false, {});
    enqueue(txnId);
}

void Outbox::enqueue(const QString &txnId)
{
    const QString roomId = m_pending.value(txnId).roomId;
    m_queues[roomId].append(txnId);
    pump(roomId);
}

void Outbox::pump(const QString &roomId)
{
    auto queue = m_queues.find(roomId);
    if (queue == m_queues.end())
        return;
    while (!queue->isEmpty() && !m_pending.contains(queue->first()))
        queue->removeFirst();
    if (queue->isEmpty()) {
        m_queues.erase(queue);
        return;
    }
    if (!inFlight(queue->first()))
        transmit(queue->first());
}

void Outbox::discard(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || !it->failed || inFlight(txnId))
        return;
    announceCancelled(txnId);
}

void Outbox::announceCancelled(const QString &txnId)
{
    const OutboxUpdate cancelledUpdate = update(OutboxUpdate::Kind::Cancelled, txnId);
    cancelDependents(txnId);
    forget(txnId);
    emit updated(cancelledUpdate);
    emit cancelled(cancelledUpdate.roomId, txnId);
}

void Outbox::cancelDependents(const QString &txnId)
{
    // A reaction to, or an edit of, a message that will never exist goes with it.
    QStringList dependents = m_parked.take(txnId);
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->dependsOn == txnId && !dependents.contains(it.key()))
            dependents.append(it.key());
    }
    for (const QString &dependent : std::as_const(dependents)) {
        auto it = m_pending.find(dependent);
        if (it == m_pending.end() || it->request)
            continue;
        m_queues[it->roomId].removeOne(dependent);
        qCInfo(lcOutbox) << "message" << dependent << "cancelled with the message it depends on";
        announceCancelled(dependent);
    }
}

void Outbox::resolveDependents(const QString &txnId, const QString &eventId)
{
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (it->dependsOn != txnId)
            continue;
        it->dependsOn.clear();
        it->content = withRelationTarget(it->type, it->content, eventId);
        // Recorded before the target leaves the journal (calls are carried out in order): a crash in between
        // sends the target again under its transaction id, and the server answers with the same event id.
        if (m_journal)
            m_journal->resolve(it.key(), it->content, {});
    }
    const QStringList parked = m_parked.take(txnId);
    for (const QString &dependent : parked) {
        if (m_pending.contains(dependent))
            enqueue(dependent);
    }
}

bool Outbox::cancel(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || it->request)
        return false; // unknown, or on its way: the server may have stored it already
    stopUpload(*it);
    const QString roomId = it->roomId;
    m_queues[roomId].removeOne(txnId);
    qCInfo(lcOutbox) << "message" << txnId << "cancelled";
    announceCancelled(txnId);
    pump(roomId);
    return true;
}

void Outbox::forget(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    const std::optional<OutgoingAttachment> attachment = it->attachment;
    m_pending.erase(it);
    // The staged files go only once the store no longer names them: should it still (a failed removal), the
    // entry comes back at the next start and needs them.
    QPointer<Outbox> self(this);
    auto release = [self, attachment](bool removed) {
        if (self && removed && attachment && self->m_removeStaged)
            self->m_removeStaged(*attachment);
    };
    if (m_journal)
        m_journal->remove(txnId, release);
    else
        release(true);
}

bool Outbox::inFlight(const QString &txnId) const
{
    const auto it = m_pending.constFind(txnId);
    return it != m_pending.cend() && (it->request || it->encrypting || it->uploading || it->recording);
}

void Outbox::transmit(const QString &txnId)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    const RoomReadiness ready = readiness(it->roomId);
    if (ready == RoomReadiness::Unknown) {
        // Stays at the head of its room's queue (and in the store) until a sync brings the room's state.
        if (!it->waitingForState)
            qCInfo(lcOutbox) << "message" << txnId << "waits for its room's state";
        it->waitingForState = true;
        return;
    }
    it->waitingForState = false;
    if (!it->dependsOn.isEmpty()) {
        const QString target = it->dependsOn;
        const QString roomId = it->roomId;
        m_queues[roomId].removeOne(txnId);
        if (m_pending.contains(target)) {
            // Its message is not sent yet (failed, waiting for a retry): out of the queue until it is.
            if (!m_parked.value(target).contains(txnId))
                m_parked[target].append(txnId);
        } else {
            failHead(txnId, MatrixError::invalidResponse(QStringLiteral("the message it relates to was not sent")));
            return;
        }
        pump(roomId);
        return;
    }
    // A deletion names only which event goes: it is never encrypted (the server must read it).
    if (it->type == QLatin1String("m.room.redaction")) {
        it->sentContent = it->content;
        send(txnId, it->type, it->content);
        return;
    }
    const bool encrypted = ready == RoomReadiness::Encrypted;
    // An encrypted room: encrypted, or not sent at all (nor anything of it uploaded).
    if (encrypted && !m_encryptor) {
        failHead(txnId, MatrixError::encryption(QStringLiteral("no end-to-end encryption on this device")));
        return;
    }
    QJsonObject content = it->content;
    if (it->attachment) {
        if (!uploadsDone(txnId, encrypted))
            return;
        const std::optional<QJsonObject> built = attachmentContent(*it->attachment, encrypted);
        if (!built) {
            failHead(txnId, MatrixError::invalidResponse(QStringLiteral("the attachment could not be described")));
            return;
        }
        content = *built;
    }
    it->sentContent = content;
    if (!encrypted) {
        send(txnId, it->type, content);
        return;
    }
    it->encrypting = true;
    QPointer<Outbox> self(this);
    m_encryptor->encrypt(it->roomId, it->type, content, [self, txnId](const RoomEncryptor::Result &result) {
        if (!self)
            return;
        auto it = self->m_pending.find(txnId);
        if (it == self->m_pending.end())
            return;
        it->encrypting = false;
        if (!result.ok) {
            self->encryptionFailed(txnId, result.error);
            return;
        }
        it->encryptAttempts = 0;
        self->send(txnId, QStringLiteral("m.room.encrypted"), result.content);
    });
}

bool Outbox::uploadsDone(const QString &txnId, bool encrypted)
{
    OutgoingAttachment &a = *m_pending[txnId].attachment;
    if ((!a.fileUrl.isEmpty() || !a.thumbnailUrl.isEmpty()) && a.uploadedEncrypted != encrypted) {
        // Uploaded for the other form (the room became encrypted since, or was not known as such): a plaintext
        // upload must not be named in an encrypted room, nor a key sent in the clear. Uploaded again.
        qCInfo(lcOutbox) << "attachment" << txnId << "uploaded again: the room's encryption changed";
        a.fileUrl.clear();
        a.thumbnailUrl.clear();
    }
    a.uploadedEncrypted = encrypted;
    if (a.hasThumbnail() && a.thumbnailUrl.isEmpty()) {
        startUpload(txnId, Part::Thumbnail, encrypted);
        return false;
    }
    if (a.fileUrl.isEmpty()) {
        startUpload(txnId, Part::File, encrypted);
        return false;
    }
    return true;
}

void Outbox::startUpload(const QString &txnId, Part part, bool encrypted)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    if (!m_uploader) {
        if (!it->waitingForUploader)
            qCInfo(lcOutbox) << "attachment" << txnId << "waits for uploads to be possible";
        it->waitingForUploader = true; // setUploader() starts it
        return;
    }
    it->waitingForUploader = false;
    const OutgoingAttachment &a = *it->attachment;
    AttachmentUploader::Request request;
    request.file = part == Part::Thumbnail ? a.thumbnail : a.file;
    request.asCiphertext = encrypted;
    if (!encrypted) {
        request.contentType = part == Part::Thumbnail ? a.thumbnailMimeType : a.mimeType;
        request.fileName = part == Part::Thumbnail ? QString() : a.fileName;
    }
    if (request.contentType.isEmpty())
        request.contentType = QStringLiteral("application/octet-stream");
    const quint64 serial = ++m_uploadSerial;
    it->uploading = true;
    it->uploadSerial = serial;
    it->uploadId = 0;
    QPointer<Outbox> self(this);
    const quint64 id = m_uploader->upload(
        request,
        [self, txnId, serial](qint64 sent, qint64) {
            if (!self)
                return;
            const auto it = self->m_pending.constFind(txnId);
            if (it != self->m_pending.cend() && it->uploadSerial == serial)
                self->announceProgress(txnId, sent);
        },
        [self, txnId, serial, part, encrypted](const MatrixError &error, const QString &uri) {
            if (!self)
                return;
            const auto it = self->m_pending.constFind(txnId);
            if (it != self->m_pending.cend() && it->uploadSerial == serial)
                self->uploadFinished(txnId, part, encrypted, error, uri);
        });
    it = m_pending.find(txnId);
    if (it != m_pending.end() && it->uploadSerial == serial)
        it->uploadId = id;
}

void Outbox::uploadFinished(const QString &txnId, Part part, bool encrypted, const MatrixError &error,
                            const QString &uri)
{
    auto it = m_pending.find(txnId);
    it->uploading = false;
    it->uploadId = 0;
    it->uploadSerial = 0;
    const QString roomId = it->roomId;
    MatrixError problem = error;
    if (problem.ok() && !uri.startsWith(QLatin1String("mxc://")))
        problem = MatrixError::invalidResponse(QStringLiteral("the upload answered without a content URI"));
    if (problem.ok()) {
        it->uploadAttempts = 0;
        OutgoingAttachment &a = *it->attachment;
        (part == Part::Thumbnail ? a.thumbnailUrl : a.fileUrl) = uri;
        a.uploadedEncrypted = encrypted;
        announceProgress(txnId, 0);
        if (!m_journal) {
            pump(roomId);
            return;
        }
        // Recorded before the next step: after a restart this upload is not done again.
        it->recording = true;
        QPointer<Outbox> self(this);
        m_journal->recordUploads(txnId, a.thumbnailUrl, a.fileUrl, a.uploadedEncrypted, [self, txnId](bool committed) {
            if (!self)
                return;
            auto it = self->m_pending.find(txnId);
            if (it == self->m_pending.end())
                return;
            it->recording = false;
            if (!committed)
                qCWarning(lcOutbox) << "upload of" << txnId << "not recorded: it would be done again after a restart";
            self->pump(it->roomId);
        });
        return;
    }
    it->uploadAttempts += 1;
    if (problem.isTransient() && m_retry.shouldRetry(it->uploadAttempts, problem)) {
        const int delay = m_retry.delayAfter(it->uploadAttempts, problem);
        qCInfo(lcOutbox) << "attachment" << txnId << "not uploaded yet:" << problem.message << "- retrying in" << delay
                         << "ms";
        const quint64 serial = ++m_uploadSerial;
        it->uploading = true; // still this room's message in progress
        it->uploadSerial = serial;
        QPointer<Outbox> self(this);
        QTimer::singleShot(delay, this, [self, txnId, serial] {
            if (!self)
                return;
            auto it = self->m_pending.find(txnId);
            if (it == self->m_pending.end() || it->uploadSerial != serial)
                return;
            it->uploading = false;
            it->uploadSerial = 0;
            self->pump(it->roomId);
        });
        return;
    }
    qCWarning(lcOutbox) << "attachment" << txnId << "could not be uploaded:" << problem.httpStatus << problem.errcode
                        << problem.message;
    failHead(txnId, problem);
}

void Outbox::announceProgress(const QString &txnId, qint64 currentPart)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end() || !it->attachment)
        return;
    const OutgoingAttachment &a = *it->attachment;
    const qint64 thumbnail = a.hasThumbnail() ? a.thumbnail.size : 0;
    const qint64 total = a.file.size + thumbnail;
    qint64 done = currentPart;
    if (!a.fileUrl.isEmpty())
        done += a.file.size;
    if (a.hasThumbnail() && !a.thumbnailUrl.isEmpty())
        done += thumbnail;
    done = qBound<qint64>(0, done, total);
    // Not for every chunk: about every half percent, and whenever it goes back or reaches the end.
    const qint64 step = qMax<qint64>(1, total / 200);
    if (done == it->progressShown
        || (it->progressShown >= 0 && done > it->progressShown && done < total && done - it->progressShown < step))
        return;
    it->progressShown = done;
    OutboxUpdate progress = update(OutboxUpdate::Kind::Progress, txnId);
    progress.transferred = done;
    progress.total = total;
    emit updated(progress);
}

void Outbox::stopUpload(Pending &pending)
{
    if (!pending.uploading)
        return;
    if (pending.uploadId && m_uploader)
        m_uploader->cancel(pending.uploadId);
    pending.uploading = false;
    pending.uploadId = 0;
    pending.uploadSerial = 0; // callbacks and retry timers of that upload find nothing to do
}

void Outbox::encryptionFailed(const QString &txnId, const MatrixError &error)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    it->encryptAttempts += 1;
    if (error.isTransient() && m_retry.shouldRetry(it->encryptAttempts, error)) {
        const int delay = m_retry.delayAfter(it->encryptAttempts, error);
        qCInfo(lcOutbox) << "message" << txnId << "not encrypted yet:" << error.message << "- retrying in" << delay
                         << "ms";
        it->encrypting = true; // still this room's message in progress
        QPointer<Outbox> self(this);
        QTimer::singleShot(delay, this, [self, txnId] {
            if (!self)
                return;
            auto it = self->m_pending.find(txnId);
            if (it == self->m_pending.end())
                return;
            it->encrypting = false;
            self->transmit(txnId);
        });
        return;
    }
    qCWarning(lcOutbox) << "message" << txnId << "could not be encrypted:" << error.message;
    failHead(txnId, error.kind == MatrixError::Kind::Encryption ? error : MatrixError::encryption(error.message));
}

void Outbox::send(const QString &txnId, const QString &type, const QJsonObject &content)
{
    auto it = m_pending.find(txnId);
    if (it == m_pending.end())
        return;
    PendingRequest *request = type == QLatin1String("m.room.redaction")
        ? m_api->redact(it->roomId, content.value(QLatin1String("redacts")).toString(), txnId,
                        content.value(QLatin1String("reason")).toString(), m_retry)
        : m_api->sendEvent(it->roomId, type, txnId, content, m_retry);
    it->request = request;
    connect(request, &PendingRequest::retrying, this, [txnId](const MatrixError &error, int delayMs) {
        qCInfo(lcOutbox) << "message" << txnId << "not sent yet:" << error.message << "- retrying in" << delayMs << "ms";
    });
    connect(request, &PendingRequest::finished, this, [this, txnId](const HttpResponse &response) {
        auto it = m_pending.find(txnId);
        if (it == m_pending.end())
            return;
        it->request = nullptr;
        const QString roomId = it->roomId;
        m_queues[roomId].removeOne(txnId);
        QString eventId;
        MatrixError error = response.error;
        if (response.ok()) {
            eventId = response.json().value(QLatin1String("event_id")).toString();
            if (eventId.isEmpty())
                error = MatrixError::invalidResponse(QStringLiteral("send answered without an event_id"));
        }
        if (error.ok()) {
            OutboxUpdate sentUpdate = update(OutboxUpdate::Kind::Sent, txnId);
            sentUpdate.eventId = eventId;
            sentUpdate.content = it->sentContent;
            resolveDependents(txnId, eventId);
            forget(txnId);
            emit updated(sentUpdate);
            emit sent(roomId, txnId, eventId);
            pump(roomId);
            return;
        }
        qCWarning(lcOutbox) << "message" << txnId << "failed:" << error.httpStatus << error.errcode;
        markFailed(txnId, error);
        pump(roomId);
    });
}

} // namespace estafette
