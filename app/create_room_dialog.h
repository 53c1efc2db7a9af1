#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace estafette {

// Rooms > New room…: name, topic, people to invite.
class CreateRoomDialog : public QDialog {
    Q_OBJECT
public:
    explicit CreateRoomDialog(QWidget *parent = nullptr);

    QString name() const;
    QString topic() const;
    QStringList invitees() const;

private:
    void validate();
    QLineEdit *m_name;
    QLineEdit *m_topic;
    QLineEdit *m_invitees;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};

} // namespace estafette
