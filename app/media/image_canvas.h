#pragma once

#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QWidget>

namespace estafette {

// The image of the viewer: fitted to the window (never enlarged past its actual size) or zoomed around a point
// (wheel, keys), panned by dragging or with the arrow keys. Arrow keys it cannot use (the image fits that way)
// are left to the parent, which turns Left/Right into previous/next. A message replaces the image while it loads
// or when it could not be shown.
class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ImageCanvas(QWidget *parent = nullptr);

    void setImage(const QImage &image); // fitted
    void setMessage(const QString &message);
    const QImage &image() const { return m_image; }
    bool hasImage() const { return !m_image.isNull(); }
    QString message() const { return m_message; }

    qreal zoom() const;         // 1.0 is actual size (one image pixel per screen pixel)
    bool isFitting() const { return m_fitting; }
    QPointF imageCenter() const { return m_center; } // the image point at the middle of the canvas
    void fitToWindow();
    void showActualSize();
    void zoomIn();
    void zoomOut();
    void zoomBy(qreal factor, const QPointF &anchor); // `anchor` (canvas coordinates) stays where it is
    bool panBy(const QPointF &delta);                 // canvas pixels; false when the image cannot move that way
    bool canPanHorizontally() const;
    bool canPanVertically() const;

    QSize sizeHint() const override;

signals:
    void zoomChanged(); // zoom() or isFitting() changed

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    qreal fitScale() const;
    void setScale(qreal scale, bool fitting);
    void clampCenter();
    void updateCursor();
    QPointF viewCenter() const { return QPointF(width() / 2.0, height() / 2.0); }

    QImage m_image;
    QPixmap m_pixmap; // m_image once, ready to paint
    QString m_message;
    qreal m_scale = 1.0; // canvas (logical) pixels per image pixel
    bool m_fitting = true;
    QPointF m_center;
    QPointF m_dragFrom;
    bool m_dragging = false;
};

} // namespace estafette
