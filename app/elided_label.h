#pragma once

#include <QLabel>

namespace estafette {

// A one-line label that paints its text elided to its width (text() stays whole) with the whole text as
// a tooltip when it does not fit.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace estafette
