#include "composer/composer_context_bar.h"

#include "elided_label.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace estafette {

ComposerContextBar::ComposerContextBar(QWidget *parent)
    : QWidget(parent), m_label(new ElidedLabel(this)), m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("composerContextBar"));
    m_label->setObjectName(QStringLiteral("composerContextLabel"));
    m_label->setTextFormat(Qt::PlainText);
    m_cancel->setObjectName(QStringLiteral("composerContextCancel"));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_cancel->setAutoRaise(true);
    m_cancel->setFocusPolicy(Qt::StrongFocus);
    m_cancel->setAccessibleName(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel (Escape)"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 0, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, &ComposerContextBar::cancelRequested);
    hide();
}

void ComposerContextBar::showReply(const QString &senderName, const QString &firstLine)
{
    const QString line = firstLine.section(QLatin1Char('\n'), 0, 0);
    const QString text = tr("Replying to %1: %2").arg(senderName, line);
    m_label->setText(text);
    m_label->setAccessibleName(text);
    setAccessibleName(text);
    show();
}

void ComposerContextBar::showEdit()
{
    const QString text = tr("Editing your message — Enter saves, Escape cancels");
    m_label->setText(text);
    m_label->setAccessibleName(text);
    setAccessibleName(text);
    show();
}

QString ComposerContextBar::text() const
{
    return m_label->accessibleName();
}

} // namespace estafette
