#include "create_room_dialog.h"

#include "user_id.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace estafette {

CreateRoomDialog::CreateRoomDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_topic(new QLineEdit(this))
    , m_invitees(new QLineEdit(this))
    , m_encrypted(new QCheckBox(tr("&Encrypt end to end"), this))
    , m_encryptionNote(new QLabel(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("createRoomDialog"));
    setWindowTitle(tr("New room"));
    m_name->setObjectName(QStringLiteral("roomNameEdit"));
    m_name->setAccessibleName(tr("Room name"));
    m_name->setPlaceholderText(tr("e.g. Crisis unit"));
    m_name->setMaxLength(255);
    m_topic->setObjectName(QStringLiteral("roomTopicEdit"));
    m_topic->setAccessibleName(tr("Topic"));
    m_topic->setPlaceholderText(tr("Optional"));
    m_invitees->setObjectName(QStringLiteral("inviteesEdit"));
    m_invitees->setAccessibleName(tr("People to invite"));
    m_invitees->setPlaceholderText(tr("@marie.dubois:example.gouv.fr, @paul.martin:example.gouv.fr"));
    // New rooms are private: encrypted unless the person decides otherwise.
    m_encrypted->setObjectName(QStringLiteral("encryptedCheck"));
    m_encrypted->setChecked(true);
    m_encrypted->setAccessibleName(tr("Encrypt end to end"));
    m_encryptionNote->setObjectName(QStringLiteral("encryptionNote"));
    m_encryptionNote->setWordWrap(true);
    QPalette muted = m_encryptionNote->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_encryptionNote->setPalette(muted);
    m_hint->setObjectName(QStringLiteral("createRoomHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: #ce0500;"));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Create the room"));
    ok->setObjectName(QStringLiteral("acceptButton"));
    ok->setAccessibleName(tr("Create the room"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Topic"), m_topic);
    form->addRow(tr("&Invite"), m_invitees);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(m_encrypted);
    layout->addWidget(m_encryptionNote);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    connect(m_name, &QLineEdit::textChanged, this, &CreateRoomDialog::validate);
    connect(m_invitees, &QLineEdit::textChanged, this, &CreateRoomDialog::validate);
    connect(m_encrypted, &QCheckBox::toggled, this, &CreateRoomDialog::explainEncryption);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(520);
    validate();
    explainEncryption();
}

bool CreateRoomDialog::encrypted() const { return m_encrypted->isChecked(); }

void CreateRoomDialog::explainEncryption()
{
    m_encryptionNote->setText(
        encrypted() ? tr("Only the devices of the room's members can read its messages. Encryption cannot be "
                         "turned off later.")
                    : tr("Without encryption, the server can read the messages. You can enable encryption later, "
                         "but never turn it off."));
}

QString CreateRoomDialog::name() const { return m_name->text().trimmed(); }
QString CreateRoomDialog::topic() const { return m_topic->text().trimmed(); }

QStringList CreateRoomDialog::invitees() const
{
    return UserId::parseList(m_invitees->text(), nullptr);
}

void CreateRoomDialog::validate()
{
    QStringList invalid;
    UserId::parseList(m_invitees->text(), &invalid);
    if (!invalid.isEmpty())
        m_hint->setText(tr("Not a full identifier: %1. Example: @marie.dubois:example.gouv.fr")
                            .arg(invalid.join(QStringLiteral(", "))));
    else
        m_hint->clear();
    m_hint->setVisible(!invalid.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!name().isEmpty() && invalid.isEmpty());
}

} // namespace estafette
