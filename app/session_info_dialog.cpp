#include "session_info_dialog.h"

#include "fingerprint.h"
#include "session/crypto_session.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace estafette {

namespace {
QLabel *selectable(const QString &text, const QString &objectName, QWidget *parent, bool fixed = false)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    if (fixed)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}
} // namespace

SessionInfoDialog::SessionInfoDialog(const QString &userId, CryptoSession *crypto, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("sessionInfoDialog"));
    setWindowTitle(tr("Session info"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->addRow(tr("Account"), selectable(userId, QStringLiteral("sessionUserId"), this));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    const bool available = crypto && crypto->isStarted() && !crypto->identityKeys().ed25519.isEmpty();
    if (available) {
        m_fingerprint = Fingerprint::grouped(crypto->identityKeys().ed25519);
        form->addRow(tr("This device"), selectable(crypto->deviceId(), QStringLiteral("sessionDeviceId"), this, true));
        auto *fingerprint = selectable(m_fingerprint, QStringLiteral("sessionFingerprint"), this, true);
        // Its name is the fingerprint itself, as for the other values; what it is comes second.
        fingerprint->setAccessibleDescription(tr("Fingerprint (Ed25519)"));
        form->addRow(tr("Fingerprint (Ed25519)"), fingerprint);
        QPushButton *copy = buttons->addButton(tr("&Copy the fingerprint"), QDialogButtonBox::ActionRole);
        copy->setObjectName(QStringLiteral("copyFingerprintButton"));
        connect(copy, &QPushButton::clicked, this, [this] {
            QGuiApplication::clipboard()->setText(m_fingerprint);
        });
    }
    auto *explanation = new QLabel(
        available ? tr("Messages in encrypted rooms are encrypted for each device. The people you talk to can check "
                       "that this device is really yours by comparing this fingerprint with the one their app "
                       "shows for it.")
                  : tr("End-to-end encryption is not available for this session yet."),
        this);
    explanation->setObjectName(QStringLiteral("sessionExplanation"));
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(560);
    // As tall as the wrapped explanation needs at that width, not at the label's own narrower preference.
    resize(560, layout->totalHeightForWidth(560));
}

} // namespace estafette
