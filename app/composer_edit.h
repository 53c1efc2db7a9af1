#pragma once

#include <QPlainTextEdit>
#include <QPointer>

namespace estafette {

// The message composer: Enter sends, Shift+Enter starts a new line. Grows with its text up to a few lines.
// Files or image data pasted or dropped into it are not inserted as text: they are offered as attachments.
class ComposerEdit : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ComposerEdit(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // With attachments waiting, Enter confirms them even without text (the text is their caption).
    void setSubmitsEmpty(bool submitsEmpty) { m_submitsEmpty = submitsEmpty; }
    // While this popup (a completer's) is shown, Enter, Tab and Escape go to it.
    void setCompletionPopup(QWidget *popup) { m_completionPopup = popup; }

signals:
    // The trimmed text; the composer is already cleared.
    void submitted(const QString &text);
    // Pasted or dropped files or image data (see AttachmentMime); only valid during the call.
    void attachmentsOffered(const QMimeData *source);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    void updateHeight();
    int heightForLines(int lines) const;
    bool m_submitsEmpty = false;
    QPointer<QWidget> m_completionPopup;
};

} // namespace estafette
