#pragma once

#include "composer/attachment_preview.h"
#include "media/attachment_source.h"

#include <QFutureWatcher>
#include <QFrame>

class QCheckBox;
class QLabel;
class QToolButton;

namespace estafette {

class ElidedLabel;

// One thing about to be sent, in the composer's tray: its thumbnail (or type icon), name, size and type,
// "Send as file" for images, and a remove button. Its preview is made on a worker thread; until it is there,
// a generic icon. The worker reads its own copies of the source: an item removed meanwhile leaves it to finish
// unobserved.
class AttachmentTrayItem : public QFrame {
    Q_OBJECT
public:
    // A file or PNG bytes (`source`), or an image to be encoded as PNG (`image`, when source has neither).
    explicit AttachmentTrayItem(const AttachmentSource &source, const QImage &image = QImage(),
                                QWidget *parent = nullptr);

    // What to send, with "send as file" as ticked. For pasted image data whose PNG is still being made,
    // waits for it (a fraction of a second, only when the person confirms at once).
    AttachmentSource source() const;
    QString fileName() const { return m_source.fileName; }
    QString path() const { return m_source.path; }
    bool isPreviewReady() const { return m_ready; }
    const AttachmentPreview &preview() const { return m_preview; }
    QCheckBox *sendAsFileBox() const { return m_sendAsFile; }
    QToolButton *removeButton() const { return m_remove; }

signals:
    void removeRequested(AttachmentTrayItem *item);
    void previewReady();

private:
    void onPreview();
    void showIcon(const QString &mimeType);

    AttachmentSource m_source;
    AttachmentPreview m_preview;
    bool m_ready = false;
    QFutureWatcher<AttachmentPreview> m_watcher;
    QLabel *m_thumbnail;
    ElidedLabel *m_name;
    QLabel *m_details;
    QCheckBox *m_sendAsFile;
    QToolButton *m_remove;
};

} // namespace estafette
