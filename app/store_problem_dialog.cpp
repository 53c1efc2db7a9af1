#include "store_problem_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace estafette {

namespace {
using Kind = StoreError::Kind;
}

QString StoreProblemDialog::title(StoreError::Kind kind)
{
    switch (kind) {
    case Kind::KeychainUnavailable:
        return tr("The system keychain is not available");
    case Kind::KeyMissing:
        return tr("The key to your local data is missing");
    case Kind::WrongKeyOrCorrupt:
        return tr("Your local data cannot be opened");
    case Kind::NotEncrypted:
        return tr("Encryption is not working");
    case Kind::Io:
        return tr("Your local data cannot be read or written");
    case Kind::Migration:
        return tr("Your local data could not be updated");
    case Kind::None:
        break;
    }
    return tr("Problem with your local data");
}

QString StoreProblemDialog::explanation(StoreError::Kind kind, const QString &setAsideFolder,
                                        const QString &dataFolder)
{
    const QString freshStart =
        tr("If it cannot be recovered, sign in again with a fresh database: your rooms and messages will be "
           "downloaded again from the server. The old files are kept aside in %1; nothing is deleted.")
            .arg(QDir::toNativeSeparators(setAsideFolder));
    switch (kind) {
    case Kind::KeychainUnavailable:
        return tr("Estafette keeps the key to your encrypted local data in the system keychain, and cannot "
                  "reach it right now. Without the keychain, Estafette neither opens your data nor writes "
                  "anything unencrypted.")
            + QStringLiteral("\n\n")
            + tr("Unlock or start your keychain (for example GNOME Keyring or KWallet), then choose Retry.");
    case Kind::KeyMissing:
        return tr("Your rooms and messages are kept on this computer in an encrypted database, but its key is "
                  "no longer in the system keychain (the entry may have been deleted or the keychain reset). "
                  "Without its key the database cannot be opened.")
            + QStringLiteral("\n\n") + tr("If you can restore the keychain, do so and choose Retry.") + QLatin1Char(' ')
            + freshStart;
    case Kind::WrongKeyOrCorrupt:
        return tr("The encrypted database on this computer cannot be read with the key from the system "
                  "keychain: either the key does not match this database or the file is damaged.")
            + QStringLiteral("\n\n") + freshStart;
    case Kind::NotEncrypted:
        return tr("Before writing anything, Estafette checks that its database library really encrypts what "
                  "it stores. This check failed, so Estafette stops here to keep your data safe. This is an "
                  "installation problem: reinstall Estafette or contact your administrator.");
    case Kind::Io:
        return tr("Estafette could not read or write its files in %1. The disk may be full or the folder may "
                  "not be writable.")
                   .arg(QDir::toNativeSeparators(dataFolder))
            + QStringLiteral("\n\n") + tr("Free some space or fix the folder's permissions, then choose Retry.");
    case Kind::Migration:
        return tr("This version of Estafette needs to update the format of your local database, and the update "
                  "failed. The file was left as it was. Use the version of Estafette you had before, or contact "
                  "your administrator.");
    case Kind::None:
        break;
    }
    return {};
}

StoreProblemDialog::StoreProblemDialog(const StoreError &error, const QString &setAsideFolder,
                                       const QString &dataFolder, QWidget *parent)
    : QDialog(parent)
    , m_error(error)
{
    setObjectName(QStringLiteral("storeProblemDialog"));
    setWindowTitle(tr("Estafette — local data"));
    setModal(true);

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    const QStyle::StandardPixmap pixmap = error.kind == Kind::KeychainUnavailable || error.kind == Kind::Io
        ? QStyle::SP_MessageBoxWarning
        : QStyle::SP_MessageBoxCritical;
    icon->setPixmap(style()->standardIcon(pixmap, nullptr, this).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    auto *heading = new QLabel(title(error.kind), this);
    heading->setObjectName(QStringLiteral("storeProblemTitle"));
    heading->setWordWrap(true);
    QFont bold = heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    heading->setFont(bold);

    auto *text = new QLabel(explanation(error.kind, setAsideFolder, dataFolder), this);
    text->setObjectName(QStringLiteral("storeProblemText"));
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *detail = new QLabel(this);
    detail->setObjectName(QStringLiteral("storeProblemDetail"));
    detail->setWordWrap(true);
    detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detail->setText(tr("Technical detail: %1").arg(error.detail));
    detail->setVisible(!error.detail.isEmpty());
    QPalette muted = detail->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    detail->setPalette(muted);

    auto *buttons = new QDialogButtonBox(this);
    m_quit = buttons->addButton(tr("&Quit"), QDialogButtonBox::RejectRole);
    m_quit->setObjectName(QStringLiteral("quitButton"));
    if (offersFreshStart()) {
        m_fresh = buttons->addButton(tr("&Sign in again with a fresh database"), QDialogButtonBox::ActionRole);
        m_fresh->setObjectName(QStringLiteral("freshStartButton"));
        m_fresh->setToolTip(tr("The old files are kept aside in %1").arg(QDir::toNativeSeparators(setAsideFolder)));
        connect(m_fresh, &QPushButton::clicked, this, [this] { choose(Choice::FreshStart); });
    }
    if (offersRetry()) {
        m_retry = buttons->addButton(tr("&Retry"), QDialogButtonBox::AcceptRole);
        m_retry->setObjectName(QStringLiteral("retryButton"));
        m_retry->setDefault(true);
        connect(m_retry, &QPushButton::clicked, this, [this] { choose(Choice::Retry); });
    } else {
        m_quit->setDefault(true);
    }
    connect(m_quit, &QPushButton::clicked, this, [this] { choose(Choice::Quit); });
    for (QPushButton *b : {m_quit, m_fresh, m_retry}) {
        if (b)
            b->setAccessibleName(b->text().remove(QLatin1Char('&')));
    }

    auto *body = new QVBoxLayout;
    body->setSpacing(10);
    body->addWidget(heading);
    body->addWidget(text);
    body->addWidget(detail);
    auto *row = new QHBoxLayout;
    row->setSpacing(16);
    row->addWidget(icon, 0, Qt::AlignTop);
    row->addLayout(body, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 20, 20, 16);
    layout->setSpacing(18);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(560);
    setMaximumWidth(760);
    // Word-wrapped labels make the size hint too tall; size the dialog for its text at a readable width.
    const int width = std::max(600, buttons->sizeHint().width() + 40);
    resize(width, layout->totalHeightForWidth(width));
}

bool StoreProblemDialog::offersRetry() const
{
    switch (m_error.kind) {
    case Kind::KeychainUnavailable:
    case Kind::KeyMissing:
    case Kind::WrongKeyOrCorrupt:
    case Kind::Io:
        return true;
    case Kind::NotEncrypted:
    case Kind::Migration:
    case Kind::None:
        break;
    }
    return false;
}

bool StoreProblemDialog::offersFreshStart() const
{
    return m_error.kind == Kind::KeyMissing || m_error.kind == Kind::WrongKeyOrCorrupt;
}

void StoreProblemDialog::choose(Choice choice)
{
    if (m_chosen)
        return;
    m_chosen = true;
    emit chosen(choice);
    if (choice == Choice::Quit)
        QDialog::reject();
    else
        QDialog::accept();
}

void StoreProblemDialog::reject()
{
    // Escape or the window's close button: the safe way out.
    choose(Choice::Quit);
}

} // namespace estafette
