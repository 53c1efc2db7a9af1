#pragma once

#include <QPlainTextEdit>

namespace estafette {

// The message composer: Enter sends, Shift+Enter starts a new line. Grows with its text up to a few lines.
class ComposerEdit : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ComposerEdit(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // The trimmed text; the composer is already cleared.
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateHeight();
    int heightForLines(int lines) const;
};

} // namespace estafette
