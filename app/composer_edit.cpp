#include "composer_edit.h"

#include "composer/attachment_mime.h"

#include <QKeyEvent>
#include <QTextBlock>
#include <QTextDocument>

#include <algorithm>

namespace estafette {

namespace {
constexpr int kMaxLines = 6;
}

ComposerEdit::ComposerEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("composer"));
    setAccessibleName(tr("Message"));
    setAccessibleDescription(tr("Enter sends the message, Shift+Enter starts a new line."));
    setPlaceholderText(tr("Write a message…"));
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(document(), &QTextDocument::contentsChanged, this, &ComposerEdit::updateHeight);
    updateHeight();
}

int ComposerEdit::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins() + viewportMargins();
    return lines * fontMetrics().lineSpacing() + int(2 * document()->documentMargin()) + margins.top()
        + margins.bottom() + 2;
}

QSize ComposerEdit::sizeHint() const
{
    int lines = 0;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
        lines += std::max(1, block.layout() ? block.layout()->lineCount() : 1);
    return {QPlainTextEdit::sizeHint().width(), heightForLines(std::clamp(lines, 1, kMaxLines))};
}

QSize ComposerEdit::minimumSizeHint() const
{
    return {100, heightForLines(1)};
}

void ComposerEdit::updateHeight()
{
    setFixedHeight(sizeHint().height());
}

void ComposerEdit::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    // A completion popup open (@ mentions): Enter, Tab and Escape are its own.
    if (m_completionPopup && m_completionPopup->isVisible()
        && (enter || event->key() == Qt::Key_Tab || event->key() == Qt::Key_Escape)) {
        event->ignore();
        return;
    }
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        const QString text = toPlainText().trimmed();
        if (!text.isEmpty() || m_submitsEmpty) {
            clear();
            emit submitted(text);
        }
        event->accept();
        return;
    }
    if (enter) { // Shift+Enter: a plain new line, not QPlainTextEdit's line separator
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

bool ComposerEdit::canInsertFromMimeData(const QMimeData *source) const
{
    return AttachmentMime::carriesAttachments(source) || QPlainTextEdit::canInsertFromMimeData(source);
}

void ComposerEdit::insertFromMimeData(const QMimeData *source)
{
    if (AttachmentMime::carriesAttachments(source)) {
        emit attachmentsOffered(source);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace estafette
