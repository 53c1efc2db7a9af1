#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace estafette {

// A dialog that asks for one Matrix user identifier and only accepts a well-formed one.
class UserIdDialog : public QDialog {
    Q_OBJECT
public:
    QString userId() const;
    void setUserId(const QString &userId);

protected:
    UserIdDialog(const QString &title, const QString &explanation, const QString &acceptText,
                 QWidget *parent = nullptr);

private:
    void validate();
    QLineEdit *m_edit;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};

} // namespace estafette
