#include "message_security.h"

#include "events/event_description.h"
#include "events/event_encryption.h"
#include "models/timeline_model.h"
#include "rooms/room.h"
#include "rooms/timeline.h"

namespace estafette {

MessageSecurity MessageSecurity::of(const QModelIndex &index)
{
    MessageSecurity security;
    const auto *model = qobject_cast<const TimelineModel *>(index.model());
    Room *room = model ? model->room() : nullptr;
    if (!room || !index.isValid() || index.row() >= room->timeline()->size())
        return security;
    const TimelineItem &item = room->timeline()->at(index.row());
    if (item.type != TimelineItem::Type::Event)
        return security;
    const Event &event = item.event;
    const EncryptionStatus status = encryptionStatus(event);
    if (!status.encrypted)
        return security;

    if (!status.decrypted) {
        security.m_mark = Mark::Undecrypted;
        switch (status.error) {
        case DecryptionError::None:
            security.m_explanation = tr("This message is end-to-end encrypted and has not been decrypted.");
            break;
        case DecryptionError::MissingKey:
            security.m_explanation =
                tr("The device that sent this message has not shared its key with this device yet. A message "
                   "sent before this device was signed in, or before you joined, may never become readable here.");
            break;
        case DecryptionError::UnknownIndex:
            security.m_explanation =
                tr("This device received the key of this conversation only from a later message on. The key of "
                   "this one can still arrive from another of your devices.");
            break;
        case DecryptionError::Replay:
            security.m_mark = Mark::Rejected;
            security.m_explanation =
                tr("Another message already used this exact key. Someone may be replaying an old message to make "
                   "it look new, so this one is not shown.");
            break;
        case DecryptionError::WrongRoom:
            security.m_mark = Mark::Rejected;
            security.m_explanation =
                tr("This message was encrypted for another room and copied here, so it is not shown.");
            break;
        case DecryptionError::Malformed:
            security.m_explanation = tr("The encrypted content of this message is damaged or incomplete.");
            break;
        case DecryptionError::UnsupportedAlgorithm:
            security.m_explanation = tr("This message was encrypted with a method Estafette does not support.");
            break;
        }
        return security;
    }

    switch (status.trust) {
    case SenderTrust::KnownDevice:
        return security;
    case SenderTrust::Mismatch:
        security.m_mark = Mark::Unauthenticated;
        break;
    case SenderTrust::UnknownDevice:
    case SenderTrust::Forwarded:
        security.m_mark = Mark::Unconfirmed;
        break;
    }
    security.m_explanation = describeSenderTrust(event, [room](const QString &userId) { return room->memberName(userId); });
    return security;
}

QString MessageSecurity::warning() const
{
    return m_mark == Mark::Unauthenticated ? tr("Sender not authenticated") : QString();
}

} // namespace estafette
