#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

class QWidget;

namespace estafette {

// Before a link of a received message opens: one whose text reads as another address than where it goes (or
// whose host imitates another) is shown for what it is, and opens only if the person says so (No is the default).
class LinkConfirmation {
    Q_DECLARE_TR_FUNCTIONS(LinkConfirmation)
public:
    // True when the link may open: not deceptive, or confirmed.
    static bool mayOpen(QWidget *parent, const QString &linkText, const QUrl &target);
    // The question asked for a deceptive link (for tests and screen readers).
    static QString question(const QString &linkText, const QString &shownTarget);
};

} // namespace estafette
