#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace estafette {

// Rooms > New room…: name, topic, people to invite, and end-to-end encryption (on unless unticked).
class CreateRoomDialog : public QDialog {
    Q_OBJECT
public:
    explicit CreateRoomDialog(QWidget *parent = nullptr);

    QString name() const;
    QString topic() const;
    QStringList invitees() const;
    bool encrypted() const;

private:
    void validate();
    void explainEncryption();
    QLineEdit *m_name;
    QLineEdit *m_topic;
    QLineEdit *m_invitees;
    QCheckBox *m_encrypted;
    QLabel *m_encryptionNote;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};

} // namespace estafette
