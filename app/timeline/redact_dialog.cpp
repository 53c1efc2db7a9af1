#include "timeline/redact_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace estafette {

RedactDialog::RedactDialog(bool ownMessage, QWidget *parent)
    : QDialog(parent), m_reason(new QLineEdit(this)), m_delete(nullptr)
{
    setObjectName(QStringLiteral("redactDialog"));
    setWindowTitle(tr("Delete the message"));
    auto *text = new QLabel(ownMessage ? tr("Delete this message for everyone in the room? This cannot be undone.")
                                       : tr("Delete this message for everyone in the room? Its author will see that "
                                            "you deleted it. This cannot be undone."),
                            this);
    text->setObjectName(QStringLiteral("redactQuestion"));
    text->setWordWrap(true);
    auto *reasonLabel = new QLabel(tr("&Reason (optional):"), this);
    reasonLabel->setBuddy(m_reason);
    m_reason->setObjectName(QStringLiteral("redactReason"));
    m_reason->setAccessibleName(tr("Reason (optional)"));
    m_reason->setMaxLength(500);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_delete = buttons->addButton(tr("&Delete"), QDialogButtonBox::DestructiveRole);
    m_delete->setObjectName(QStringLiteral("redactConfirm"));
    cancel->setDefault(true);
    cancel->setAutoDefault(true);
    m_delete->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(reasonLabel);
    layout->addWidget(m_reason);
    layout->addWidget(buttons);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
    cancel->setFocus();
}

QString RedactDialog::reason() const
{
    return m_reason->text().trimmed();
}

} // namespace estafette
