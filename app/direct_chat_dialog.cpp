#include "direct_chat_dialog.h"

namespace estafette {

DirectChatDialog::DirectChatDialog(QWidget *parent)
    : UserIdDialog(tr("New direct chat"),
                   tr("Start a private conversation with one person, always end-to-end encrypted. If you "
                      "already have one with them, it opens instead."),
                   tr("Start the chat"), parent)
{
    setObjectName(QStringLiteral("directChatDialog"));
}

} // namespace estafette
