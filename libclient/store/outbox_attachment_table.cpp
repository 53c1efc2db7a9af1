#include "store/outbox_attachment_table.h"

#include "media/outgoing_attachment.h"
#include "store/database.h"
#include "store/statement.h"

namespace estafette {

bool OutboxAttachmentTable::createV8(Database &db)
{
    return db.exec(
        "CREATE TABLE outbox_attachments ("
        "  txn_id TEXT PRIMARY KEY REFERENCES outbox(txn_id) ON DELETE CASCADE,"
        "  msgtype TEXT NOT NULL,"
        "  file_name TEXT NOT NULL,"
        "  caption TEXT,"
        "  mime_type TEXT NOT NULL,"
        "  staged_name TEXT NOT NULL,"
        "  staged_key BLOB NOT NULL,"
        "  staged_iv BLOB NOT NULL,"
        "  staged_sha256 BLOB NOT NULL,"
        "  staged_size INTEGER NOT NULL,"
        "  width INTEGER NOT NULL DEFAULT 0,"
        "  height INTEGER NOT NULL DEFAULT 0,"
        "  duration_ms INTEGER NOT NULL DEFAULT 0,"
        "  thumb_name TEXT,"
        "  thumb_key BLOB,"
        "  thumb_iv BLOB,"
        "  thumb_sha256 BLOB,"
        "  thumb_size INTEGER NOT NULL DEFAULT 0,"
        "  thumb_mime TEXT,"
        "  thumb_width INTEGER NOT NULL DEFAULT 0,"
        "  thumb_height INTEGER NOT NULL DEFAULT 0,"
        "  thumbnail_url TEXT,"
        "  file_url TEXT,"
        "  uploads_encrypted INTEGER NOT NULL DEFAULT 0);");
}

bool OutboxAttachmentTable::insert(const QString &transactionId, const OutgoingAttachment &a)
{
    Statement &s = m_db.cached(
        "INSERT INTO outbox_attachments (txn_id, msgtype, file_name, caption, mime_type, staged_name, staged_key,"
        " staged_iv, staged_sha256, staged_size, width, height, duration_ms, thumb_name, thumb_key, thumb_iv,"
        " thumb_sha256, thumb_size, thumb_mime, thumb_width, thumb_height, thumbnail_url, file_url, uploads_encrypted)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const bool thumb = a.hasThumbnail();
    return s.bindText(1, transactionId)
        .bindText(2, a.msgtype)
        .bindText(3, a.fileName.isNull() ? QStringLiteral("") : a.fileName)
        .bindText(4, a.caption)
        .bindText(5, a.mimeType.isNull() ? QStringLiteral("") : a.mimeType)
        .bindText(6, a.file.fileName)
        .bindBlob(7, a.file.cipher.key)
        .bindBlob(8, a.file.cipher.iv)
        .bindBlob(9, a.file.cipher.sha256)
        .bindInt64(10, a.file.size)
        .bindInt64(11, a.width)
        .bindInt64(12, a.height)
        .bindInt64(13, a.durationMs)
        .bindText(14, thumb ? a.thumbnail.fileName : QString())
        .bindBlob(15, thumb ? a.thumbnail.cipher.key : QByteArray())
        .bindBlob(16, thumb ? a.thumbnail.cipher.iv : QByteArray())
        .bindBlob(17, thumb ? a.thumbnail.cipher.sha256 : QByteArray())
        .bindInt64(18, thumb ? a.thumbnail.size : 0)
        .bindText(19, thumb ? a.thumbnailMimeType : QString())
        .bindInt64(20, thumb ? a.thumbnailWidth : 0)
        .bindInt64(21, thumb ? a.thumbnailHeight : 0)
        .bindText(22, a.thumbnailUrl.isEmpty() ? QString() : a.thumbnailUrl)
        .bindText(23, a.fileUrl.isEmpty() ? QString() : a.fileUrl)
        .bindInt64(24, a.uploadedEncrypted ? 1 : 0)
        .exec();
}

bool OutboxAttachmentTable::setUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl,
                                       bool encrypted)
{
    Statement &s = m_db.cached(
        "UPDATE outbox_attachments SET thumbnail_url = ?2, file_url = ?3, uploads_encrypted = ?4 WHERE txn_id = ?1");
    if (!s.bindText(1, transactionId)
             .bindText(2, thumbnailUrl.isEmpty() ? QString() : thumbnailUrl)
             .bindText(3, fileUrl.isEmpty() ? QString() : fileUrl)
             .bindInt64(4, encrypted ? 1 : 0)
             .exec())
        return false;
    return m_db.changes() == 1;
}

bool OutboxAttachmentTable::remove(const QString &transactionId)
{
    return m_db.cached("DELETE FROM outbox_attachments WHERE txn_id = ?").bindText(1, transactionId).exec();
}

QHash<QString, OutgoingAttachment> OutboxAttachmentTable::all()
{
    Statement &s = m_db.cached(
        "SELECT txn_id, msgtype, file_name, caption, mime_type, staged_name, staged_key, staged_iv, staged_sha256,"
        " staged_size, width, height, duration_ms, thumb_name, thumb_key, thumb_iv, thumb_sha256, thumb_size,"
        " thumb_mime, thumb_width, thumb_height, thumbnail_url, file_url, uploads_encrypted FROM outbox_attachments");
    QHash<QString, OutgoingAttachment> rows;
    while (s.step() == Statement::Step::Row) {
        OutgoingAttachment a;
        a.msgtype = s.text(1);
        a.fileName = s.text(2);
        a.caption = s.text(3);
        a.mimeType = s.text(4);
        a.file.fileName = s.text(5);
        a.file.cipher.key = s.blob(6);
        a.file.cipher.iv = s.blob(7);
        a.file.cipher.sha256 = s.blob(8);
        a.file.size = s.int64(9);
        a.width = int(s.int64(10));
        a.height = int(s.int64(11));
        a.durationMs = s.int64(12);
        a.thumbnail.fileName = s.text(13);
        if (a.hasThumbnail()) {
            a.thumbnail.cipher.key = s.blob(14);
            a.thumbnail.cipher.iv = s.blob(15);
            a.thumbnail.cipher.sha256 = s.blob(16);
            a.thumbnail.size = s.int64(17);
            a.thumbnailMimeType = s.text(18);
            a.thumbnailWidth = int(s.int64(19));
            a.thumbnailHeight = int(s.int64(20));
        }
        a.thumbnailUrl = s.text(21);
        a.fileUrl = s.text(22);
        a.uploadedEncrypted = s.int64(23) != 0;
        rows.insert(s.text(0), a);
    }
    s.reset();
    return rows;
}

} // namespace estafette
