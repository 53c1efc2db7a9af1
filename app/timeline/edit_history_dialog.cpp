#include "timeline/edit_history_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace estafette {

EditHistoryDialog::EditHistoryDialog(const QString &originalText, const QDateTime &originalTime,
                                     const QList<EditRecord> &edits, QWidget *parent)
    : QDialog(parent), m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("editHistoryDialog"));
    setWindowTitle(tr("Edit history"));
    m_list->setObjectName(QStringLiteral("editHistoryList"));
    m_list->setAccessibleName(tr("Versions of the message, oldest first"));
    m_list->setWordWrap(true);
    const auto addVersion = [this](const QString &label, const QDateTime &time, const QString &text) {
        const QString when = time.isValid() ? QLocale().toString(time, QLocale::ShortFormat) : tr("not sent yet");
        auto *item = new QListWidgetItem(QStringLiteral("%1 — %2\n%3").arg(label, when, text), m_list);
        item->setData(Qt::AccessibleTextRole, item->text());
    };
    addVersion(tr("Original"), originalTime, originalText);
    for (const EditRecord &edit : edits) {
        addVersion(tr("Edited"), edit.ts > 0 ? QDateTime::fromMSecsSinceEpoch(edit.ts) : QDateTime(),
                   edit.newContent.value(QLatin1String("body")).toString());
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(480, 320);
}

} // namespace estafette
