#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace estafette {

// The first window: server, identifier, password. Knows nothing of the protocol; it asks the
// controller to sign in and shows what it is told (busy, error, notice).
class SignInWindow : public QWidget {
    Q_OBJECT
public:
    explicit SignInWindow(QWidget *parent = nullptr);

    QString homeserver() const;
    QString user() const;
    void setHomeserver(const QString &homeserver);
    void setUser(const QString &user);
    void clearPassword();

    // Busy: fields locked, the button says what is happening.
    void setBusy(bool busy, const QString &status = {});
    bool isBusy() const { return m_busy; }
    void showError(const QString &text);
    // Information that is not an error: "You signed out", "Your session will not be remembered".
    void showNotice(const QString &text);
    void clearMessages();

signals:
    void signInRequested(const QString &homeserver, const QString &user, const QString &password);

private:
    void submit();
    QLineEdit *m_homeserver;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QPushButton *m_button;
    QLabel *m_notice;
    QLabel *m_error;
    bool m_busy = false;
};

} // namespace estafette
