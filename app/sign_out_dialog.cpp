#include "sign_out_dialog.h"

#include <QPushButton>

namespace estafette {

SignOutDialog::SignOutDialog(const QString &userId, QWidget *parent)
    : QMessageBox(QMessageBox::Warning, tr("Sign out"), tr("Sign out of %1 on this computer?").arg(userId),
                  QMessageBox::NoButton, parent)
{
    setObjectName(QStringLiteral("signOutDialog"));
    setInformativeText(
        tr("Your encrypted messages will no longer be readable on this computer: the keys that decrypt them are "
           "kept only here and will be erased with the rest of your local data.\n\n"
           "Your other devices keep their own keys and can still read the messages they received."));
    m_signOut = addButton(tr("Sign out and erase"), QMessageBox::DestructiveRole);
    m_signOut->setObjectName(QStringLiteral("confirmSignOutButton"));
    m_cancel = addButton(tr("Cancel"), QMessageBox::RejectRole);
    m_cancel->setObjectName(QStringLiteral("cancelSignOutButton"));
    setDefaultButton(m_cancel); // erasing the keys must be a deliberate choice
    setEscapeButton(m_cancel);
}

bool SignOutDialog::confirmed() const
{
    return clickedButton() == static_cast<QAbstractButton *>(m_signOut);
}

} // namespace estafette
