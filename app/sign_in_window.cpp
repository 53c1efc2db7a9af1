#include "sign_in_window.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace estafette {

namespace {
QLabel *messageLabel(const QString &objectName, const QString &style, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(style);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}
} // namespace

SignInWindow::SignInWindow(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("signInWindow"));
    setWindowTitle(tr("Estafette — Sign in"));

    auto *title = new QLabel(tr("Estafette"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("Secure messaging for state agents"), this);
    QPalette muted = subtitle->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    subtitle->setPalette(muted);

    m_notice = messageLabel(QStringLiteral("signInNotice"),
                            QStringLiteral("background: #e8edff; color: #000091; padding: 8px;"), this);
    m_error = messageLabel(QStringLiteral("signInError"),
                           QStringLiteral("background: #ffe9e9; color: #ce0500; padding: 8px;"), this);
    // Their names are what they say (a fixed name would hide the message); what they are is the description.
    m_error->setAccessibleDescription(tr("Sign-in error"));
    m_notice->setAccessibleDescription(tr("Information"));

    m_homeserver = new QLineEdit(this);
    m_homeserver->setObjectName(QStringLiteral("homeserverEdit"));
    m_homeserver->setAccessibleName(tr("Homeserver"));
    m_homeserver->setPlaceholderText(tr("matrix.example.gouv.fr"));
    m_homeserver->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);

    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setAccessibleName(tr("Identifier"));
    m_user->setPlaceholderText(tr("firstname.lastname or @firstname.lastname:server"));
    m_user->setInputMethodHints(Qt::ImhNoAutoUppercase);

    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);

    m_button = new QPushButton(tr("Sign in"), this);
    m_button->setObjectName(QStringLiteral("signInButton"));
    m_button->setAccessibleName(tr("Sign in"));
    m_button->setDefault(true);
    m_button->setMinimumWidth(150);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Homeserver"), m_homeserver);
    form->addRow(tr("&Identifier"), m_user);
    form->addRow(tr("&Password"), m_password);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 28, 32, 28);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addSpacing(8);
    layout->addWidget(m_notice);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_button, 0, Qt::AlignRight);
    layout->addStretch(1);

    connect(m_button, &QPushButton::clicked, this, &SignInWindow::submit);
    for (QLineEdit *edit : {m_homeserver, m_user, m_password})
        connect(edit, &QLineEdit::returnPressed, this, &SignInWindow::submit);

    setMinimumWidth(460);
    resize(500, 360);
}

QString SignInWindow::homeserver() const { return m_homeserver->text().trimmed(); }
QString SignInWindow::user() const { return m_user->text().trimmed(); }
void SignInWindow::setHomeserver(const QString &homeserver) { m_homeserver->setText(homeserver); }
void SignInWindow::setUser(const QString &user) { m_user->setText(user); }
void SignInWindow::clearPassword() { m_password->clear(); }

void SignInWindow::submit()
{
    if (m_busy)
        return;
    // A full identifier (@name:server) names its server: the homeserver field may then stay empty.
    const bool fullId = user().startsWith(QLatin1Char('@')) && user().contains(QLatin1Char(':'));
    const bool needServer = homeserver().isEmpty() && !fullId;
    if (needServer || user().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Please fill in the homeserver, your identifier and your password."));
        QLineEdit *empty = user().isEmpty() ? m_user : needServer ? m_homeserver : m_password;
        empty->setFocus();
        return;
    }
    clearMessages();
    emit signInRequested(homeserver(), user(), m_password->text());
}

void SignInWindow::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    for (QWidget *w : {static_cast<QWidget *>(m_homeserver), static_cast<QWidget *>(m_user),
                       static_cast<QWidget *>(m_password), static_cast<QWidget *>(m_button)})
        w->setEnabled(!busy);
    m_button->setText(busy ? (status.isEmpty() ? tr("Signing in…") : status) : tr("Sign in"));
    m_button->setAccessibleName(m_button->text());
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void SignInWindow::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        m_notice->hide();
}

void SignInWindow::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void SignInWindow::clearMessages()
{
    showError({});
    showNotice({});
}

} // namespace estafette
