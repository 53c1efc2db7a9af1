#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QPushButton;

namespace estafette {

class ImageCanvas;
class ImageViewerSource;

// The images of a room, one at a time, in a window of their own: fitted or zoomed (wheel, + and −, 0 to fit,
// 1 for actual size), panned (drag, arrows), previous/next (buttons, Page Up/Down, Left/Right when the image
// fits), Save as (the original bytes, written on a worker thread), Copy (the image to the clipboard); Escape
// closes. The source is not owned (parent it to the viewer to tie their lives).
class ImageViewer : public QDialog {
    Q_OBJECT
public:
    ImageViewer(ImageViewerSource *source, int index, QWidget *parent = nullptr);

    int currentIndex() const { return m_index; }
    ImageCanvas *canvas() const { return m_canvas; }
    void showIndex(int index);
    void showPrevious();
    void showNext();
    void saveAs();                     // asks where, then saveTo()
    void saveTo(const QString &path);  // answered by saveFinished()
    void copyToClipboard();
    bool isSaving() const { return m_saving > 0; }

signals:
    void currentIndexChanged(int index);
    void saveFinished(const QString &path, const QString &error); // error empty: saved

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void onImageReady(int index, const QImage &image);
    void onImageFailed(int index, const QString &reason);
    void updateControls();
    void setStatus(const QString &text);
    QPushButton *addButton(const QString &objectName, const QString &text, const QString &toolTip);

    QPointer<ImageViewerSource> m_source;
    int m_index = -1;
    int m_saving = 0;
    QString m_saveFolder;
    ImageCanvas *m_canvas;
    QLabel *m_position;
    QLabel *m_zoom;
    QLabel *m_status;
    QPushButton *m_previous;
    QPushButton *m_next;
    QPushButton *m_zoomOut;
    QPushButton *m_fit;
    QPushButton *m_zoomIn;
    QPushButton *m_copy;
    QPushButton *m_save;
    QPushButton *m_close;
};

} // namespace estafette
