#pragma once
// What a screen reader gets from a window, checked the way it gets it: through QAccessible (the interfaces'
// children, not the QObject children, so item view rows and menu items are visited too). Header-only so that
// any GUI test can audit the windows it opens.
//
// Rules, for every element that is shown:
//   - an interactive element (button, check box, edit, combo box, list, tree, menu item, list row...) has a
//     non-empty name;
//   - a button or check box that shows text has a name that contains that text (what a person sees is what
//     they can say to voice control, WCAG 2.5.3);
//   - a label that shows text exposes it: its name contains the visible text (never a generic "Room name" in
//     place of the name itself); a label that is the buddy of a control is exempt, the control's name must
//     contain the label's text instead (a combo box, named by its value on Linux, must be labelled by it);
//   - a window or dialog has a name.
// Each problem is one line naming the element: its path of roles and object names from the audited window.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QLabel>
#include <QMenu>
#include <QMetaEnum>
#include <QStringList>
#include <QTextDocument>
#include <QWidget>

#include <functional>

namespace estafette::test {

class AccessibilityAudit {
public:
    static QStringList problems(QWidget *window)
    {
        QStringList out;
        if (!window) {
            out << QStringLiteral("(no window to audit)");
            return out;
        }
        refreshItemViews(window);
        walk(QAccessible::queryAccessibleInterface(window), QString(), 0, out);
        return out;
    }

    // Qt keeps the accessible rows of an item view in step with its model only while an assistive technology
    // is active (QAccessible::isActive()), which it never is offscreen: rows cached before the model changed
    // would read as empty. Dropping the views' interfaces makes the next query build them from the model as it
    // is now, as a screen reader would see it.
    static void refreshItemViews(QWidget *window)
    {
        if (QAccessible::isActive() || !window)
            return;
        QList<QAbstractItemView *> views = window->findChildren<QAbstractItemView *>();
        if (auto *self = qobject_cast<QAbstractItemView *>(window))
            views << self;
        for (QAbstractItemView *view : views) {
            if (QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(view))
                QAccessible::deleteAccessibleInterface(QAccessible::uniqueId(iface));
        }
    }

    static QString roleName(QAccessible::Role role)
    {
        const char *key = QMetaEnum::fromType<QAccessible::Role>().valueToKey(role);
        return key ? QString::fromLatin1(key) : QStringLiteral("Role0x%1").arg(int(role), 0, 16);
    }

    // Whitespace collapsed, mnemonic ampersands removed, case folded: how two texts are compared.
    static QString normalized(QString text)
    {
        text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
        text.remove(QLatin1Char('&'));
        text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
        text.replace(QChar::LineSeparator, QLatin1Char(' '));
        text.replace(QChar::Nbsp, QLatin1Char(' '));
        return text.simplified().toCaseFolded();
    }

    // The text a label shows, as a person reads it (rich text without its markup).
    static QString visibleText(const QLabel *label)
    {
        QString text = label->text();
        if (label->textFormat() == Qt::RichText
            || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text))) {
            QTextDocument document;
            document.setHtml(text);
            text = document.toPlainText();
        }
        return text;
    }

    // The visible element at `path` (roles and names) under `window`, to look at in a test.
    static QAccessibleInterface *find(QWidget *window, const std::function<bool(QAccessibleInterface *)> &match)
    {
        return findIn(QAccessible::queryAccessibleInterface(window), match, 0);
    }

private:
    static bool isInteractive(QAccessible::Role role)
    {
        switch (role) {
        case QAccessible::PushButton:
        case QAccessible::CheckBox:
        case QAccessible::RadioButton:
        case QAccessible::ComboBox:
        case QAccessible::EditableText:
        case QAccessible::SpinBox:
        case QAccessible::Slider:
        case QAccessible::Dial:
        case QAccessible::ButtonMenu:
        case QAccessible::ButtonDropDown:
        case QAccessible::List:
        case QAccessible::ListItem:
        case QAccessible::Tree:
        case QAccessible::TreeItem:
        case QAccessible::Table:
        case QAccessible::Cell:
        case QAccessible::MenuItem:
        case QAccessible::PageTab:
        case QAccessible::Link:
            return true;
        default:
            return false;
        }
    }

    static bool isWindow(QAccessible::Role role)
    {
        return role == QAccessible::Window || role == QAccessible::Dialog || role == QAccessible::AlertMessage;
    }

    static bool hidden(QAccessibleInterface *iface)
    {
        // A widget that is not shown is not presented; a menu is walked even when closed (its items are what
        // the menu bar offers). Rows of item views share their view's object and are always walked.
        auto *widget = qobject_cast<QWidget *>(iface->object());
        if (!widget || qobject_cast<QMenu *>(widget))
            return false;
        if (iface->role() == QAccessible::ListItem || iface->role() == QAccessible::Cell
            || iface->role() == QAccessible::TreeItem || iface->role() == QAccessible::ColumnHeader
            || iface->role() == QAccessible::RowHeader)
            return false;
        return !widget->isVisible();
    }

    static QString segment(QAccessibleInterface *iface, int index)
    {
        QString s = roleName(iface->role());
        QObject *object = iface->object();
        const bool ownObject = object && !(iface->role() == QAccessible::ListItem || iface->role() == QAccessible::Cell
                                           || iface->role() == QAccessible::TreeItem);
        if (ownObject && !object->objectName().isEmpty())
            s += QLatin1Char('#') + object->objectName();
        else if (ownObject)
            s += QLatin1Char('<') + QString::fromLatin1(object->metaObject()->className()) + QLatin1Char('>');
        else
            s += QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
        return s;
    }

    static void walk(QAccessibleInterface *iface, const QString &parentPath, int index, QStringList &out)
    {
        if (!iface || !iface->isValid() || hidden(iface))
            return;
        const QString path = parentPath.isEmpty() ? segment(iface, index)
                                                  : parentPath + QStringLiteral(" / ") + segment(iface, index);
        check(iface, path, out);
        if (path.count(QLatin1Char('/')) > 60)
            return; // a cycle would be a Qt bug; don't hang on one
        const int count = iface->childCount();
        for (int i = 0; i < count; ++i)
            walk(iface->child(i), path, i, out);
    }

    static void check(QAccessibleInterface *iface, const QString &path, QStringList &out)
    {
        const QAccessible::Role role = iface->role();
        const QString name = iface->text(QAccessible::Name);
        const auto report = [&](const QString &what) {
            out << QStringLiteral("%1: %2 (name “%3”)").arg(path, what, name);
        };
        if (isWindow(role) && name.trimmed().isEmpty())
            report(QStringLiteral("window without a name"));
        if (isInteractive(role) && name.trimmed().isEmpty())
            report(QStringLiteral("interactive element without a name"));

        QObject *object = iface->object();
        if (auto *button = qobject_cast<QAbstractButton *>(object);
            button && (role == QAccessible::PushButton || role == QAccessible::CheckBox
                       || role == QAccessible::RadioButton)) {
            const QString shown = normalized(button->text());
            if (!shown.isEmpty() && !normalized(name).contains(shown))
                report(QStringLiteral("its name does not contain the text it shows, “%1”").arg(button->text()));
        }
        auto *label = qobject_cast<QLabel *>(object);
        if (!label || (role != QAccessible::StaticText && role != QAccessible::Graphic))
            return;
        const QString shown = visibleText(label);
        if (normalized(shown).isEmpty())
            return;
        if (QWidget *buddy = label->buddy(); buddy && !qobject_cast<QLabel *>(buddy)) {
            QAccessibleInterface *control = QAccessible::queryAccessibleInterface(buddy);
            const QString controlName = control ? control->text(QAccessible::Name) : QString();
            // On Linux Qt names a combo box by its current value and gives AT-SPI its label through the
            // labelled-by relation: there, that relation must lead to this label.
            bool labelled = false;
            if (control && control->role() == QAccessible::ComboBox) {
                for (const auto &relation : control->relations(QAccessible::Label))
                    labelled = labelled || relation.first->object() == label;
            }
            if (!labelled && !normalized(controlName).contains(normalized(shown)))
                report(QStringLiteral("label of %1 (%2), whose name “%3” does not contain the label’s text “%4”")
                           .arg(buddy->objectName(), control ? roleName(control->role()) : QStringLiteral("?"),
                                controlName, shown));
            return;
        }
        if (!normalized(name).contains(normalized(shown)))
            report(QStringLiteral("label whose name does not contain the text it shows, “%1”").arg(shown));
    }

    static QAccessibleInterface *findIn(QAccessibleInterface *iface,
                                        const std::function<bool(QAccessibleInterface *)> &match, int depth)
    {
        if (!iface || !iface->isValid() || hidden(iface) || depth > 60)
            return nullptr;
        if (match(iface))
            return iface;
        for (int i = 0; i < iface->childCount(); ++i)
            if (QAccessibleInterface *found = findIn(iface->child(i), match, depth + 1))
                return found;
        return nullptr;
    }
};

} // namespace estafette::test
