#include "timeline/link_confirmation.h"

#include "text/link_safety.h"

#include <QMessageBox>

namespace estafette {

QString LinkConfirmation::question(const QString &linkText, const QString &shownTarget)
{
    return tr("This link shows “%1” but leads to:\n\n%2\n\nIt may be an attempt to deceive you. Open it anyway?")
        .arg(linkText, shownTarget);
}

bool LinkConfirmation::mayOpen(QWidget *parent, const QString &linkText, const QUrl &target)
{
    const LinkCheck check = LinkSafety::check(linkText, target);
    if (!check.deceptive)
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Suspicious link"), question(linkText, check.shownTarget),
                    QMessageBox::Yes | QMessageBox::No, parent);
    box.setObjectName(QStringLiteral("linkConfirmation"));
    box.setDefaultButton(QMessageBox::No);
    box.button(QMessageBox::Yes)->setText(tr("&Open anyway"));
    box.button(QMessageBox::No)->setText(tr("&Don't open"));
    return box.exec() == QMessageBox::Yes;
}

} // namespace estafette
