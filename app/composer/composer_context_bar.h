#pragma once

#include <QWidget>

class QToolButton;

namespace estafette {

class ElidedLabel;

// Above the editor while the next message answers one (“Replying to Sophie: …”) or replaces one of ours
// (“Editing your message”), with a button (and Escape) to go back to a plain new message.
class ComposerContextBar : public QWidget {
    Q_OBJECT
public:
    explicit ComposerContextBar(QWidget *parent = nullptr);

    void showReply(const QString &senderName, const QString &firstLine);
    void showEdit();
    QString text() const; // what the bar says (also its accessible name)
    QToolButton *cancelButton() const { return m_cancel; }

signals:
    void cancelRequested();

private:
    ElidedLabel *m_label; // elided to the bar's width whenever it changes
    QToolButton *m_cancel;
};

} // namespace estafette
