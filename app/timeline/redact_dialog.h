#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace estafette {

// "Delete this message?" — for everyone in the room, with an optional reason when it is someone else's (a
// moderator's deletion says why). Cancel is the default button.
class RedactDialog : public QDialog {
    Q_OBJECT
public:
    RedactDialog(bool ownMessage, QWidget *parent = nullptr);
    QString reason() const;
    QLineEdit *reasonField() const { return m_reason; }
    QPushButton *deleteButton() const { return m_delete; }

private:
    QLineEdit *m_reason;
    QPushButton *m_delete;
};

} // namespace estafette
