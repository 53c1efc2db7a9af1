#pragma once

#include "user_id_dialog.h"

namespace estafette {

// Rooms > New direct chat…: whom to talk to.
class DirectChatDialog : public UserIdDialog {
    Q_OBJECT
public:
    explicit DirectChatDialog(QWidget *parent = nullptr);
};

} // namespace estafette
