#include "timeline/row_status_painter.h"

#include "timeline/row_marks.h"
#include "timeline/timeline_row.h"

#include <QCoreApplication>
#include <QPainter>

namespace estafette {

int RowStatusPainter::footerHeight(const TimelineRow &row)
{
    if (row.sendState == SendState::Failed || !row.security.warning().isEmpty())
        return QFontMetrics(row.fonts->small).height() + 2;
    return 0;
}

void RowStatusPainter::paintMargin(QPainter *painter, const TimelineRow &row, const QRect &rowRect,
                                   qreal firstLineCentre)
{
    const QPointF margin(rowRect.right() - TimelineStyle::kRight / 2, firstLineCentre);
    if (!row.security.isPlaceholder() && row.security.mark() == MessageSecurity::Mark::Unconfirmed)
        RowMarks::paintQuestionMark(painter, margin, TimelineStyle::mutedColor(row.palette), row.fonts->small);
    if (row.sendState == SendState::Sending)
        RowMarks::paintClock(painter, margin, TimelineStyle::mutedColor(row.palette));
}

void RowStatusPainter::paintFooter(QPainter *painter, const TimelineRow &row, int x, int top)
{
    const TimelineFonts &f = *row.fonts;
    const int width = row.bodyWidth;
    if (row.security.mark() == MessageSecurity::Mark::Unauthenticated) {
        const QFontMetrics small(f.small);
        const int h = small.height();
        RowMarks::paintWarningSign(painter, QRectF(x, top + 1, h, h), TimelineStyle::failedColor());
        QFont bold = f.small;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(TimelineStyle::failedColor());
        const QString text = QFontMetrics(bold).elidedText(row.security.warning(), Qt::ElideRight, width - h - 6);
        painter->drawText(QRect(x + h + 6, top, width - h - 6, h + 2), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    if (row.sendState == SendState::Failed) {
        painter->setFont(f.small);
        painter->setPen(TimelineStyle::failedColor());
        const QFontMetrics small(f.small);
        // Translated in the delegate's context, where this sentence has always been.
        const QString notSent = small.elidedText(
            QCoreApplication::translate("estafette::TimelineDelegate", "Not sent — click to retry, right-click to delete"),
            Qt::ElideRight, width);
        painter->drawText(QRect(x, top, width, small.height() + 2), Qt::AlignLeft | Qt::AlignVCenter, notSent);
    }
}

} // namespace estafette
