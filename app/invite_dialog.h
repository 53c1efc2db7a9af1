#pragma once

#include "user_id_dialog.h"

namespace estafette {

// Rooms > Invite to this room…
class InviteDialog : public UserIdDialog {
    Q_OBJECT
public:
    explicit InviteDialog(const QString &roomName, QWidget *parent = nullptr);
};

} // namespace estafette
