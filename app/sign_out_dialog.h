#pragma once

#include <QMessageBox>

class QPushButton;

namespace estafette {

// Asks before signing out, because signing out erases this computer's copy of the account: its database and every
// room key in it. Until key backup exists, encrypted messages can't be read here again afterwards; other devices keep
// their own keys. Cancel is the default (Enter and Escape keep the session).
class SignOutDialog : public QMessageBox {
    Q_OBJECT
public:
    explicit SignOutDialog(const QString &userId, QWidget *parent = nullptr);

    QPushButton *signOutButton() const { return m_signOut; }
    QPushButton *cancelButton() const { return m_cancel; }
    // True once the person chose to sign out.
    bool confirmed() const;

private:
    QPushButton *m_signOut;
    QPushButton *m_cancel;
};

} // namespace estafette
