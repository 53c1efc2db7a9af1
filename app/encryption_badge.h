#pragma once

#include <QLabel>

namespace estafette {

// In the room header: whether the room is end-to-end encrypted. A closed padlock and "End-to-end encrypted",
// or, discreetly, an open one and "Not encrypted"; the tooltip says what it means for the person.
class EncryptionBadge : public QLabel {
    Q_OBJECT
public:
    explicit EncryptionBadge(QWidget *parent = nullptr);
    void setEncrypted(bool encrypted);
    bool isEncrypted() const { return m_encrypted; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int iconHeight() const;
    bool m_encrypted = false;
};

} // namespace estafette
