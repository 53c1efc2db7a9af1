#include "user_id_dialog.h"

#include "user_id.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace estafette {

UserIdDialog::UserIdDialog(const QString &title, const QString &explanation, const QString &acceptText,
                           QWidget *parent)
    : QDialog(parent)
    , m_edit(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(title);
    auto *intro = new QLabel(explanation, this);
    intro->setWordWrap(true);
    m_edit->setObjectName(QStringLiteral("userIdEdit"));
    m_edit->setAccessibleName(tr("User identifier"));
    m_edit->setPlaceholderText(tr("@firstname.lastname:example.gouv.fr"));
    m_hint->setObjectName(QStringLiteral("userIdHint"));
    m_hint->setWordWrap(true);
    QPalette muted = m_hint->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_hint->setPalette(muted);
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(acceptText);
    ok->setObjectName(QStringLiteral("acceptButton"));
    ok->setAccessibleName(acceptText);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Identifier"), m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    connect(m_edit, &QLineEdit::textChanged, this, &UserIdDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(440);
    validate();
}

QString UserIdDialog::userId() const
{
    return m_edit->text().trimmed();
}

void UserIdDialog::setUserId(const QString &userId)
{
    m_edit->setText(userId);
}

void UserIdDialog::validate()
{
    const bool valid = UserId::isValid(userId());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_hint->setText(valid || userId().isEmpty()
                        ? tr("A full identifier starts with @ and contains the server, for example "
                             "@marie.dubois:example.gouv.fr.")
                        : tr("This is not a full identifier. Example: @marie.dubois:example.gouv.fr"));
}

} // namespace estafette
