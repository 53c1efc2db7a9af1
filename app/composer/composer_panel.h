#pragma once

#include "media/attachment_source.h"
#include "rooms/message_actions.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QMimeData;
class QToolButton;

namespace estafette {

class AttachmentTray;
class ComposerContextBar;
class MentionCompleter;
class Room;
class ComposerEdit;

// The bottom of a room: the tray of attachments waiting to be sent, the attach button and the message editor.
// Files come from the attach button (a file dialog, several at once), a paste or a drop (onto the editor or any
// widget given to acceptDropsOn()). Enter sends the text, or, with attachments waiting, confirms them with the
// text as their caption; Escape removes the waiting attachments.
class ComposerPanel : public QWidget {
    Q_OBJECT
public:
    explicit ComposerPanel(QWidget *parent = nullptr);

    ComposerEdit *edit() const { return m_edit; }
    AttachmentTray *tray() const { return m_tray; }
    QToolButton *attachButton() const { return m_attach; }

    void openFileDialog(); // non-blocking; the files chosen are added to the tray
    void addMimeData(const QMimeData *mime); // what a paste or a drop offers (AttachmentMime's rules)
    void addFiles(const QStringList &paths);
    // Drops of files onto `target` (and its children that take no drops themselves) land in the tray.
    void acceptDropsOn(QWidget *target);
    // For per-room drafts: what waits in the tray, which is emptied / filled again.
    QList<AttachmentSource> takeAttachments();
    void setAttachments(const QList<AttachmentSource> &sources);
    void confirm(); // what Enter does

    // The next message answers `target` (a bar says to whom), or replaces the text of one of ours (the editor
    // then holds its text). Escape, the bar's button or sending goes back to a plain new message.
    enum class Mode { New, Reply, Edit };
    void startReply(const MessageActions::Target &target, const QString &senderName, const QString &firstLine);
    void startEdit(const MessageActions::Target &target, const QString &text);
    void cancelContext();
    Mode mode() const { return m_mode; }
    MessageActions::Target contextTarget() const { return m_target; }
    ComposerContextBar *contextBar() const { return m_contextBar; }
    // The room written to: its members for @ completion.
    void setRoom(Room *room);
    MentionCompleter *mentions() const { return m_mentions; }
    // The content to send for `text` just submitted: Markdown, and the mentions picked for it.
    QJsonObject contentFor(const QString &text);

signals:
    // The text, with what it answers or replaces (mode New: an empty target); the context is cleared after.
    void textSubmitted(const QString &text);
    void replySubmitted(const MessageActions::Target &target, const QString &text);
    void editSubmitted(const MessageActions::Target &target, const QString &text);
    // Up in an empty editor: edit our last message.
    void editLastRequested();
    // The person confirmed what the tray held; it is emptied, the editor too. Caption may be empty.
    void attachmentsConfirmed(const QList<AttachmentSource> &sources, const QString &caption);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSubmitted(const QString &text);
    void onTrayCountChanged(int count);

    AttachmentTray *m_tray;
    ComposerContextBar *m_contextBar;
    Mode m_mode = Mode::New;
    MessageActions::Target m_target;
    QToolButton *m_attach;
    ComposerEdit *m_edit;
    MentionCompleter *m_mentions; // made after m_edit, which it completes
    QString m_placeholder;
    QString m_lastFolder;
    QList<QPointer<QWidget>> m_dropTargets;
};

} // namespace estafette
