#pragma once

#include <QAbstractItemModel>
#include <QApplication>
#include <QString>
#include <QWidget>

namespace estafette::test {

// The row of `model` whose `role` is `text`, or -1.
inline int rowNamed(const QAbstractItemModel *model, const QString &text, int role = Qt::DisplayRole)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(role).toString() == text)
            return row;
    return -1;
}

// The visible top-level window of type T named `name` (a viewer, a player), or nullptr.
template<typename T>
T *visibleTopLevel(const QString &name)
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *t = qobject_cast<T *>(w); t && t->objectName() == name && t->isVisible())
            return t;
    }
    return nullptr;
}

} // namespace estafette::test
