#include "invite_dialog.h"

namespace estafette {

InviteDialog::InviteDialog(const QString &roomName, QWidget *parent)
    : UserIdDialog(tr("Invite to the room"), tr("Whom do you want to invite to “%1”?").arg(roomName),
                   tr("Invite"), parent)
{
    setObjectName(QStringLiteral("inviteDialog"));
}

} // namespace estafette
