#include "composer_panel.h"

#include "composer/attachment_mime.h"
#include "composer/composer_context_bar.h"
#include "composer/mention_completer.h"
#include "text/message_content.h"
#include "composer/attachment_tray.h"
#include "composer/attachment_tray_item.h"
#include "composer/paperclip_icon.h"
#include "composer_edit.h"

#include <QCheckBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMimeData>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace estafette {

ComposerPanel::ComposerPanel(QWidget *parent)
    : QWidget(parent)
    , m_tray(new AttachmentTray(this))
    , m_contextBar(new ComposerContextBar(this))
    , m_attach(new QToolButton(this))
    , m_edit(new ComposerEdit(this))
    , m_mentions(new MentionCompleter(m_edit))
    , m_lastFolder(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
{
    setObjectName(QStringLiteral("composerPanel"));
    m_placeholder = m_edit->placeholderText();
    m_attach->setObjectName(QStringLiteral("attachButton"));
    m_attach->setIcon(PaperclipIcon::icon(20, palette().color(QPalette::ButtonText), devicePixelRatioF()));
    m_attach->setIconSize(QSize(20, 20));
    m_attach->setAutoRaise(true);
    m_attach->setFocusPolicy(Qt::StrongFocus);
    m_attach->setAccessibleName(tr("Attach files"));
    m_attach->setToolTip(tr("Attach files (you can also paste them or drop them here)"));

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    row->addWidget(m_attach, 0, Qt::AlignBottom);
    row->addWidget(m_edit, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(0);
    layout->addWidget(m_tray);
    layout->addWidget(m_contextBar);
    layout->addLayout(row);
    setTabOrder(m_attach, m_edit);

    connect(m_attach, &QToolButton::clicked, this, &ComposerPanel::openFileDialog);
    connect(m_contextBar, &ComposerContextBar::cancelRequested, this, [this] {
        cancelContext();
        m_edit->setFocus(Qt::OtherFocusReason);
    });
    m_edit->installEventFilter(this);
    connect(m_edit, &ComposerEdit::submitted, this, &ComposerPanel::onSubmitted);
    connect(m_edit, &ComposerEdit::attachmentsOffered, this, &ComposerPanel::addMimeData);
    connect(m_tray, &AttachmentTray::countChanged, this, &ComposerPanel::onTrayCountChanged);
    connect(m_tray, &AttachmentTray::emptiedByPerson, m_edit, [this] { m_edit->setFocus(Qt::OtherFocusReason); });
}

void ComposerPanel::openFileDialog()
{
    auto *dialog = new QFileDialog(this, tr("Attach files"));
    dialog->setObjectName(QStringLiteral("attachDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setDirectory(m_lastFolder);
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList &paths) {
        if (!paths.isEmpty())
            m_lastFolder = QFileInfo(paths.first()).absolutePath();
        addFiles(paths);
        m_edit->setFocus(Qt::OtherFocusReason);
    });
    dialog->open();
}

void ComposerPanel::addFiles(const QStringList &paths)
{
    QStringList files;
    int folders = 0;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir())
            ++folders;
        else
            files << path;
    }
    m_tray->addFiles(files);
    m_tray->noteSkippedFolders(folders);
}

void ComposerPanel::addMimeData(const QMimeData *mime)
{
    const AttachmentMime::LocalFiles local = AttachmentMime::localFiles(mime);
    if (!local.files.isEmpty() || local.folders > 0) {
        m_tray->addFiles(local.files);
        m_tray->noteSkippedFolders(local.folders);
    } else if (AttachmentMime::hasImage(mime)) {
        const QString name = AttachmentMime::pastedImageName(QDateTime::currentDateTime());
        const QByteArray png = AttachmentMime::pngData(mime);
        if (!png.isEmpty())
            m_tray->addPng(png, name);
        else
            m_tray->addImage(qvariant_cast<QImage>(mime->imageData()), name);
    }
}

void ComposerPanel::acceptDropsOn(QWidget *target)
{
    if (!target)
        return;
    target->setAcceptDrops(true);
    target->installEventFilter(this);
    m_dropTargets << target;
}

bool ComposerPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Up in an empty editor edits our last message, as in most messengers.
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Up && key->modifiers() == Qt::NoModifier && m_mode == Mode::New
            && m_tray->isEmpty() && m_edit->toPlainText().isEmpty()) {
            emit editLastRequested();
            return true;
        }
    }
    const bool target = std::any_of(m_dropTargets.cbegin(), m_dropTargets.cend(),
                                    [watched](const QPointer<QWidget> &w) { return w == watched; });
    if (!target)
        return QWidget::eventFilter(watched, event);
    // Hidden (no room open, or an invitation): nothing to attach to.
    const bool open = isVisible();
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (open && AttachmentMime::carriesAttachments(drag->mimeData())) {
            drag->setDropAction(Qt::CopyAction);
            drag->accept();
        } else {
            drag->ignore();
        }
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!open || !AttachmentMime::carriesAttachments(drop->mimeData())) {
            drop->ignore();
            return true;
        }
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        addMimeData(drop->mimeData());
        m_edit->setFocus(Qt::OtherFocusReason);
        return true;
    }
    default:
        return QWidget::eventFilter(watched, event);
    }
}

QList<AttachmentSource> ComposerPanel::takeAttachments()
{
    const QList<AttachmentSource> sources = m_tray->sources();
    m_tray->clear();
    return sources;
}

void ComposerPanel::setAttachments(const QList<AttachmentSource> &sources)
{
    m_tray->clear();
    m_tray->addSources(sources);
}

void ComposerPanel::confirm()
{
    const QString text = m_edit->toPlainText().trimmed();
    if (text.isEmpty() && m_tray->isEmpty())
        return;
    m_edit->clear();
    onSubmitted(text);
}

void ComposerPanel::setRoom(Room *room)
{
    m_mentions->setRoom(room);
}

QJsonObject ComposerPanel::contentFor(const QString &text)
{
    const QList<Mention> mentions = m_mentions->takeMentions(text);
    return composeTextContent(text, mentions, m_mentions->takeRoomMention());
}

void ComposerPanel::startReply(const MessageActions::Target &target, const QString &senderName,
                               const QString &firstLine)
{
    m_mode = Mode::Reply;
    m_target = target;
    m_contextBar->showReply(senderName, firstLine);
    m_edit->setFocus(Qt::OtherFocusReason);
}

void ComposerPanel::startEdit(const MessageActions::Target &target, const QString &text)
{
    m_mode = Mode::Edit;
    m_target = target;
    m_contextBar->showEdit();
    m_edit->setPlainText(text);
    m_edit->moveCursor(QTextCursor::End);
    m_edit->setFocus(Qt::OtherFocusReason);
}

void ComposerPanel::cancelContext()
{
    if (m_mode == Mode::Edit)
        m_edit->clear(); // the old text was only there to be changed
    m_mode = Mode::New;
    m_target = {};
    m_contextBar->hide();
}

void ComposerPanel::onSubmitted(const QString &text)
{
    if (m_tray->isEmpty()) {
        if (text.isEmpty())
            return;
        const Mode mode = m_mode;
        const MessageActions::Target target = m_target;
        m_mode = Mode::New;
        m_target = {};
        m_contextBar->hide();
        if (mode == Mode::Reply)
            emit replySubmitted(target, text);
        else if (mode == Mode::Edit)
            emit editSubmitted(target, text);
        else
            emit textSubmitted(text);
        return;
    }
    const QList<AttachmentSource> sources = takeAttachments();
    emit attachmentsConfirmed(sources, text);
}

void ComposerPanel::onTrayCountChanged(int count)
{
    // Tab goes through the tray's items in the order shown, then the attach button and the editor (items are
    // made later than those, which would put them last).
    QWidget *previous = nullptr;
    const auto chain = [&previous](QWidget *next) {
        if (previous)
            setTabOrder(previous, next);
        previous = next;
    };
    for (int i = 0; i < count; ++i) {
        chain(m_tray->item(i)->sendAsFileBox());
        chain(m_tray->item(i)->removeButton());
    }
    chain(m_attach);
    chain(m_edit);

    m_edit->setSubmitsEmpty(count > 0);
    m_edit->setPlaceholderText(count > 0 ? tr("Add a caption (optional), then Enter to send…") : m_placeholder);
}

void ComposerPanel::keyPressEvent(QKeyEvent *event)
{
    // Escape from the editor or a tray item: the waiting attachments go, the text stays.
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier && !m_tray->isEmpty()) {
        m_tray->clear();
        m_edit->setFocus(Qt::OtherFocusReason);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier && m_mode != Mode::New) {
        cancelContext();
        m_edit->setFocus(Qt::OtherFocusReason);
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace estafette
