#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace estafette {

// Shown instead of the composer for a room we are invited to: who invited us, Accept, Decline.
class InviteBar : public QWidget {
    Q_OBJECT
public:
    explicit InviteBar(QWidget *parent = nullptr);
    void setInviter(const QString &inviterName); // empty: unknown
    void setBusy(bool busy);

signals:
    void acceptRequested();
    void declineRequested();

private:
    QLabel *m_text;
    QPushButton *m_accept;
    QPushButton *m_decline;
};

} // namespace estafette
