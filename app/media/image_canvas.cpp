#include "image_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace estafette {

namespace {
constexpr qreal kStep = 1.25;
constexpr qreal kMinZoom = 0.02; // of actual size
constexpr qreal kMaxZoom = 16.0;
constexpr qreal kKeyPan = 0.1; // of the canvas, per arrow key press
} // namespace

ImageCanvas::ImageCanvas(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("imageCanvas"));
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Dark);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleDescription(
        tr("Arrow keys move the image, + and − zoom, 0 fits it to the window, Page Up and Page Down show the "
           "previous and next image."));
}

QSize ImageCanvas::sizeHint() const
{
    return {640, 480};
}

void ImageCanvas::setImage(const QImage &image)
{
    m_image = image;
    m_pixmap = QPixmap::fromImage(image);
    m_message.clear();
    m_center = QPointF(image.width() / 2.0, image.height() / 2.0);
    setScale(fitScale(), true);
    update();
}

void ImageCanvas::setMessage(const QString &message)
{
    m_image = QImage();
    m_pixmap = QPixmap();
    m_message = message;
    m_fitting = true;
    updateCursor();
    update();
    emit zoomChanged();
}

qreal ImageCanvas::zoom() const
{
    return m_scale * devicePixelRatioF();
}

qreal ImageCanvas::fitScale() const
{
    if (m_image.isNull() || width() <= 0 || height() <= 0)
        return 1.0 / devicePixelRatioF();
    const qreal fit = std::min(width() / qreal(m_image.width()), height() / qreal(m_image.height()));
    return std::min(fit, 1.0 / devicePixelRatioF());
}

void ImageCanvas::setScale(qreal scale, bool fitting)
{
    const qreal dpr = devicePixelRatioF();
    const qreal clamped = std::clamp(scale, std::min(kMinZoom / dpr, fitScale()), kMaxZoom / dpr);
    const bool changed = !qFuzzyCompare(clamped, m_scale) || fitting != m_fitting;
    m_scale = clamped;
    m_fitting = fitting;
    clampCenter();
    updateCursor();
    update();
    if (changed)
        emit zoomChanged();
}

void ImageCanvas::clampCenter()
{
    if (m_image.isNull())
        return;
    // Along an axis where the image is smaller than the canvas it stays centred; where it is larger, its edges
    // never come inside the canvas.
    const auto clampAxis = [this](qreal center, qreal imageLength, qreal viewLength) {
        const qreal half = viewLength / 2.0 / m_scale;
        if (imageLength * m_scale <= viewLength)
            return imageLength / 2.0;
        return std::clamp(center, half, imageLength - half);
    };
    m_center.setX(clampAxis(m_center.x(), m_image.width(), width()));
    m_center.setY(clampAxis(m_center.y(), m_image.height(), height()));
}

bool ImageCanvas::canPanHorizontally() const
{
    return !m_image.isNull() && m_image.width() * m_scale > width() + 0.5;
}

bool ImageCanvas::canPanVertically() const
{
    return !m_image.isNull() && m_image.height() * m_scale > height() + 0.5;
}

void ImageCanvas::fitToWindow()
{
    if (m_image.isNull())
        return;
    m_center = QPointF(m_image.width() / 2.0, m_image.height() / 2.0);
    setScale(fitScale(), true);
}

void ImageCanvas::showActualSize()
{
    zoomBy(1.0 / devicePixelRatioF() / m_scale, viewCenter());
}

void ImageCanvas::zoomIn()
{
    zoomBy(kStep, viewCenter());
}

void ImageCanvas::zoomOut()
{
    zoomBy(1.0 / kStep, viewCenter());
}

void ImageCanvas::zoomBy(qreal factor, const QPointF &anchor)
{
    if (m_image.isNull() || factor <= 0)
        return;
    const QPointF offset = anchor - viewCenter();
    const QPointF under = m_center + offset / m_scale;
    const qreal before = m_scale;
    setScale(m_scale * factor, false);
    if (!qFuzzyCompare(before, m_scale)) {
        m_center = under - offset / m_scale;
        clampCenter();
        update();
    }
}

bool ImageCanvas::panBy(const QPointF &delta)
{
    if (m_image.isNull())
        return false;
    const QPointF before = m_center;
    m_center -= delta / m_scale;
    clampCenter();
    update();
    return m_center != before;
}

void ImageCanvas::updateCursor()
{
    if (canPanHorizontally() || canPanVertically())
        setCursor(m_dragging ? Qt::ClosedHandCursor : Qt::OpenHandCursor);
    else
        unsetCursor();
}

void ImageCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (m_pixmap.isNull()) {
        if (!m_message.isEmpty()) {
            painter.setPen(palette().color(QPalette::BrightText));
            painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        }
        return;
    }
    // Only the visible part of the image is scaled: zoomed far in, the whole image would be enormous.
    const QRectF target(viewCenter() - m_center * m_scale, QSizeF(m_image.size()) * m_scale);
    const QRectF visible = target.intersected(QRectF(rect()));
    if (visible.isEmpty())
        return;
    const QRectF source((visible.topLeft() - target.topLeft()) / m_scale, visible.size() / m_scale);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom() < 2.0);
    painter.drawPixmap(visible, m_pixmap, source);
}

void ImageCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_image.isNull())
        return;
    if (m_fitting)
        setScale(fitScale(), true);
    else
        setScale(m_scale, false); // a larger window may now be able to show the whole image
}

void ImageCanvas::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (m_image.isNull() || delta == 0) {
        event->ignore();
        return;
    }
    zoomBy(std::pow(kStep, delta / 120.0), event->position());
    event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && (canPanHorizontally() || canPanVertically())) {
        m_dragging = true;
        m_dragFrom = event->position();
        updateCursor();
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    panBy(event->position() - m_dragFrom);
    m_dragFrom = event->position();
    event->accept();
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        updateCursor();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (m_image.isNull() || event->button() != Qt::LeftButton) {
        QWidget::mouseDoubleClickEvent(event);
        return;
    }
    // Double click: actual size around that point, or back to fitted.
    if (m_fitting && !qFuzzyCompare(zoom(), 1.0))
        zoomBy(1.0 / devicePixelRatioF() / m_scale, event->position());
    else
        fitToWindow();
    event->accept();
}

void ImageCanvas::keyPressEvent(QKeyEvent *event)
{
    const qreal dx = width() * kKeyPan;
    const qreal dy = height() * kKeyPan;
    bool used = false;
    switch (event->key()) {
    // Kept even at an edge: a held arrow key must not run on into the next image.
    case Qt::Key_Left: used = canPanHorizontally(); panBy(QPointF(dx, 0)); break;
    case Qt::Key_Right: used = canPanHorizontally(); panBy(QPointF(-dx, 0)); break;
    case Qt::Key_Up: used = canPanVertically(); panBy(QPointF(0, dy)); break;
    case Qt::Key_Down: used = canPanVertically(); panBy(QPointF(0, -dy)); break;
    default: break;
    }
    if (used)
        event->accept();
    else
        QWidget::keyPressEvent(event); // ignored: the viewer may use it
}

} // namespace estafette
