#include "sync_problem_bar.h"

#include "error_text.h"
#include "session/session.h"

#include <QAccessible>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace estafette {

SyncProblemBar::SyncProblemBar(Session *session, QWidget *parent)
    : QFrame(parent)
    , m_session(session)
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry"), this))
{
    setObjectName(QStringLiteral("syncProblemBar"));
    setAccessibleName(tr("Sync problem"));
    setStyleSheet(QStringLiteral("#syncProblemBar { background: #fdecea; border-bottom: 1px solid #c5221f; }"
                                 "#syncProblemBar QLabel { color: #5f1410; }"));
    m_text->setObjectName(QStringLiteral("syncProblemText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText); // the server's words may be in it
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_retry->setObjectName(QStringLiteral("syncRetryButton"));
    m_retry->setAccessibleDescription(tr("Start receiving messages again"));
    m_retry->setFocusPolicy(Qt::StrongFocus);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry);

    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (m_session)
            m_session->retrySync();
    });
    connect(session, &Session::connectionStateChanged, this, &SyncProblemBar::onStateChanged);
    setVisible(false);
    onStateChanged(session->connectionState());
}

QString SyncProblemBar::message() const
{
    return m_text->text();
}

void SyncProblemBar::onStateChanged(ConnectionState state)
{
    if (state != ConnectionState::Stopped || !m_session) {
        setVisible(false);
        return;
    }
    m_text->setText(ErrorText::syncStopped(m_session->syncError()));
    setAccessibleDescription(m_text->text());
    setVisible(true);
    QAccessibleEvent alert(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

} // namespace estafette
