#include "timeline/problem_card_painter.h"

#include "timeline/media_card.h"
#include "timeline/row_marks.h"
#include "timeline/timeline_row.h"

#include <QPainter>

#include <algorithm>

namespace estafette {

namespace {
constexpr int kSign = 20;

int textLeftOffset()
{
    return MediaCard::kPadding + kSign + MediaCard::kPadding;
}

// Without the characters that would make it lie (a right-to-left override turning "gpj.exe" into "exe.jpg").
QString shownName(const TimelineRow &row)
{
    return row.media.safeFileName();
}
} // namespace

int ProblemCardPainter::sentenceWidth(const TimelineRow &row)
{
    return std::max(40, std::min(row.bodyWidth, MediaCard::kMaxWidth) - textLeftOffset() - MediaCard::kPadding);
}

int ProblemCardPainter::bodyHeight(const TimelineRow &row) const
{
    const auto &sentence = row.layouts->layout(row.layoutKey(QLatin1String("problem")), row.problem, row.fonts->small,
                                               sentenceWidth(row));
    return 2 * MediaCard::kPadding + QFontMetrics(row.fonts->name).height() + 2 + sentence.height;
}

void ProblemCardPainter::paintBody(QPainter *painter, const TimelineRow &row, const QRect &body) const
{
    const TimelineFonts &f = *row.fonts;
    const QRect card = MediaCard::rect(body, bodyHeight(row));
    MediaCard::paintFrame(painter, card, row.palette);
    RowMarks::paintWarningSign(painter, QRectF(card.left() + MediaCard::kPadding, card.top() + MediaCard::kPadding, kSign, kSign),
                               TimelineStyle::failedColor());
    const int x = card.left() + textLeftOffset();
    const int width = sentenceWidth(row);
    const QFontMetrics nameMetrics(f.name);
    // The name is shown as text only (elided in the middle, its end is what tells a program apart).
    painter->setFont(f.name);
    painter->setPen(row.palette.color(QPalette::Text));
    painter->drawText(QRect(x, card.top() + MediaCard::kPadding, width, nameMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, nameMetrics.elidedText(shownName(row), Qt::ElideMiddle, width));
    const auto &sentence = row.layouts->layout(row.layoutKey(QLatin1String("problem")), row.problem, f.small, width);
    painter->setPen(TimelineStyle::failedColor());
    sentence.layout.draw(painter, QPointF(x, card.top() + MediaCard::kPadding + nameMetrics.height() + 2));
}

} // namespace estafette
