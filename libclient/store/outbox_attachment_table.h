#pragma once

#include <QHash>
#include <QString>

namespace estafette {

class Database;
struct OutgoingAttachment;

// Table group "outbox attachments" (schema 8): the attachment of a dependent outbox entry, one row per entry
// (removed with it): what was staged (file names under the media folder, their at-rest keys, which stay in
// the database), its description, and the uploads done so far.
class OutboxAttachmentTable {
public:
    explicit OutboxAttachmentTable(Database &db) : m_db(db) {}

    static bool createV8(Database &db);

    bool insert(const QString &transactionId, const OutgoingAttachment &attachment);
    bool setUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl, bool encrypted);
    bool remove(const QString &transactionId);
    QHash<QString, OutgoingAttachment> all(); // by transaction id

private:
    Database &m_db;
};

} // namespace estafette
