#pragma once

#include "rooms/aggregations.h"

#include <QDialog>

class QListWidget;

namespace estafette {

// The versions of an edited message, oldest first: the original, then each edit with its time.
class EditHistoryDialog : public QDialog {
    Q_OBJECT
public:
    EditHistoryDialog(const QString &originalText, const QDateTime &originalTime, const QList<EditRecord> &edits,
                      QWidget *parent = nullptr);
    QListWidget *list() const { return m_list; }

private:
    QListWidget *m_list;
};

} // namespace estafette
