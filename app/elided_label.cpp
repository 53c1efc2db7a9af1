#include "elided_label.h"

#include <QPainter>
#include <QStyle>

namespace estafette {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {0, fontMetrics().height()};
}

QSize ElidedLabel::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(text()), fontMetrics().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    const bool fits = fontMetrics().horizontalAdvance(text()) <= contentsRect().width();
    setToolTip(fits ? QString() : text());
}

void ElidedLabel::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    QString oneLine = text();
    oneLine.replace(QLatin1Char('\n'), QLatin1Char(' '));
    const QRect rect = contentsRect();
    const QString shown = fontMetrics().elidedText(oneLine, Qt::ElideRight, rect.width());
    style()->drawItemText(&painter, rect, int(Qt::AlignLeft | Qt::AlignVCenter), palette(), isEnabled(), shown,
                          foregroundRole());
}

} // namespace estafette
