#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;

namespace estafette {

// "Other reaction…": a search field (French or English words) over the emoji catalogue, the emoji in a grid.
// Type to filter, arrows to move, Enter (or a click) picks; each emoji is named for screen readers.
class EmojiPicker : public QDialog {
    Q_OBJECT
public:
    explicit EmojiPicker(QWidget *parent = nullptr);
    QString chosen() const { return m_chosen; }
    QLineEdit *searchField() const { return m_search; }
    QListWidget *grid() const { return m_grid; }

private:
    void filter(const QString &query);
    void pick();
    QLineEdit *m_search;
    QListWidget *m_grid;
    QString m_chosen;
};

} // namespace estafette
