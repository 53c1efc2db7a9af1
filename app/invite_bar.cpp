#include "invite_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace estafette {

InviteBar::InviteBar(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_accept(new QPushButton(tr("Accept"), this))
    , m_decline(new QPushButton(tr("Decline"), this))
{
    setObjectName(QStringLiteral("inviteBar"));
    m_text->setObjectName(QStringLiteral("inviteText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_accept->setObjectName(QStringLiteral("acceptInviteButton"));
    m_accept->setAccessibleName(tr("Accept the invitation"));
    m_decline->setObjectName(QStringLiteral("declineInviteButton"));
    m_decline->setAccessibleName(tr("Decline the invitation"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(0xe8, 0xed, 0xff));
    pal.setColor(QPalette::WindowText, QColor(0x00, 0x00, 0x91));
    setPalette(pal);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_decline);
    layout->addWidget(m_accept);
    connect(m_accept, &QPushButton::clicked, this, &InviteBar::acceptRequested);
    connect(m_decline, &QPushButton::clicked, this, &InviteBar::declineRequested);
    setInviter({});
}

void InviteBar::setInviter(const QString &inviterName)
{
    m_text->setText(inviterName.isEmpty() ? tr("You are invited to join this room.")
                                          : tr("%1 invited you to join this room.").arg(inviterName));
}

void InviteBar::setBusy(bool busy)
{
    m_accept->setEnabled(!busy);
    m_decline->setEnabled(!busy);
}

} // namespace estafette
