#include "timeline/timeline_delegate.h"

#include "media/avatar_source.h"

#include "message_security.h"
#include "models/timeline_model.h"
#include "rooms/room.h" // timeline_model.h needs Room complete for its inline room()
#include "rooms/timeline.h"
#include "timeline/day_separator_painter.h"
#include "timeline/hover_actions_painter.h"
#include "timeline/reactions_painter.h"
#include "timeline/read_marks_painter.h"
#include "timeline/reply_quote_painter.h"
#include "timeline/row_status_painter.h"
#include "timeline/row_thumbnail.h"
#include "timeline/sender_header_painter.h"
#include "timeline/timeline_row.h"
#include "text/link_safety.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

namespace estafette {

namespace {
using Kind = TimelineModel::ItemKind;


// The nearest row above that has a time (gaps have none).
QModelIndex previousDated(const QModelIndex &index)
{
    for (int row = index.row() - 1; row >= 0; --row) {
        const QModelIndex prev = index.siblingAtRow(row);
        if (TimelineRow::kindOf(prev) == Kind::Gap)
            return {};
        if (TimelineRow::timeOf(prev).isValid())
            return prev;
    }
    return {};
}
} // namespace

TimelineDelegate::TimelineDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

TimelineDelegate::~TimelineDelegate() = default;

namespace {
// Actions of the whole row, wherever it is clicked.
TimelineAction wholeRowAction(const QModelIndex &index)
{
    if (!index.isValid())
        return TimelineAction::None;
    if (TimelineRow::kindOf(index) == Kind::Gap)
        return TimelineAction::FillGap;
    if (TimelineRow::sendStateOf(index) == SendState::Failed)
        return TimelineAction::Retry;
    return TimelineAction::None;
}
} // namespace

TimelineAction TimelineDelegate::defaultAction(const QModelIndex &index) const
{
    if (const TimelineAction whole = wholeRowAction(index); whole != TimelineAction::None)
        return whole;
    if (index.isValid() && m_stateRuns && m_stateRuns->isHead(index.row()))
        return TimelineAction::ToggleStateRun;
    if (!index.isValid() || !TimelineRow::isMedia(TimelineRow::kindOf(index)))
        return TimelineAction::None;
    const TimelineFonts fonts = TimelineFonts::from(QFont());
    const TimelineRow row = rowOf(index, fonts, QPalette());
    if (row.uploading || !row.problem.isEmpty() || row.media.source().isEmpty())
        return TimelineAction::None;
    switch (row.kind) {
    case Kind::Image:
        return TimelineAction::OpenImage;
    case Kind::Video:
    case Kind::Audio:
        return TimelineAction::Play;
    case Kind::File:
        return TimelineAction::Save;
    default:
        return TimelineAction::None;
    }
}

void TimelineDelegate::setAvatarSource(AvatarSource *source)
{
    m_avatars = source;
}

TimelineRow TimelineDelegate::rowOf(const QModelIndex &index, const TimelineFonts &fonts, const QPalette &palette) const
{
    TimelineRow row = TimelineRow::make(index, fonts, palette, TimelineStyle::bodyWidth(m_width), &m_layouts);
    row.richTexts = &m_richTexts;
    row.avatars = m_avatars;
    if (m_selection.isValid() && m_selection == index) {
        row.selectionStart = m_selectionStart;
        row.selectionEnd = m_selectionEnd;
    }
    if (m_stateRuns)
        m_stateRuns->applyTo(row);
    if (!TimelineRow::isMedia(row.kind) || !row.problem.isEmpty())
        return row;
    row.thumbnails = m_thumbnails;
    row.devicePixelRatio = m_devicePixelRatio;
    if (m_downloads && !row.media.source().isEmpty())
        row.download = m_downloads->progress(row.media.source().url);
    if (m_thumbnails) {
        // A picture that will not come (it does not decode, its hash is wrong…) makes the row a problem card.
        const auto request = RowThumbnail::requestFor(row.kind, row.media, row.transactionId(), m_devicePixelRatio);
        if (request) {
            const ThumbnailSource::Result picture = m_thumbnails->thumbnail(request->key);
            if (picture.state == ThumbnailSource::State::Failed)
                row.problem = picture.problem.isEmpty() ? tr("This picture could not be shown.") : picture.problem;
        }
    }
    return row;
}

const RowPainter &TimelineDelegate::painterFor(const TimelineRow &row) const
{
    if (row.stateRun.events > 0)
        return m_stateSummary;
    switch (row.kind) {
    case Kind::StateChange:
    case Kind::Unsupported:
        return m_state;
    case Kind::Image:
    case Kind::Video:
    case Kind::Audio:
    case Kind::File:
        if (!row.problem.isEmpty())
            return m_problemCard;
        if (row.kind == Kind::Image)
            return m_image;
        if (row.kind == Kind::Video)
            return m_video;
        return m_fileCard;
    case Kind::Message:
    case Kind::Emote:
    case Kind::Notice:
    case Kind::Gap: // measured and painted on its own, never through a body painter
        break;
    }
    if (row.security.isPlaceholder())
        return m_undecryptable;
    return m_text;
}

TimelineDelegate::Geometry TimelineDelegate::geometry(const TimelineRow &row) const
{
    Geometry g;
    if (row.kind == Kind::Gap) {
        g.height = GapPainter::height();
        return g;
    }
    const QModelIndex prev = previousDated(row.index);
    const QDateTime time = row.time();
    g.daySeparator = time.isValid() && (!prev.isValid() || TimelineRow::timeOf(prev).date() != time.date());
    const bool message = TimelineRow::isMessage(row.kind);
    if (message) {
        g.header = g.daySeparator || !prev.isValid() || !TimelineRow::isMessage(TimelineRow::kindOf(prev))
            || prev.data(TimelineModel::SenderIdRole) != row.index.data(TimelineModel::SenderIdRole)
            || TimelineRow::timeOf(prev).secsTo(time) > TimelineStyle::kGroupSeconds;
    }
    int y = g.daySeparator ? DaySeparatorPainter::height(*row.fonts) : 0;
    y += (g.header || !message) ? TimelineStyle::kHeaderGap / 2 + (g.header ? TimelineStyle::kHeaderGap / 2 : 0)
                                : TimelineStyle::kGroupedGap;
    g.top = y;
    if (g.header)
        y += SenderHeaderPainter::height(*row.fonts);
    g.quoteTop = y;
    g.quoteHeight = ReplyQuotePainter::height(row);
    y += g.quoteHeight;
    g.bodyTop = y;
    g.bodyHeight = painterFor(row).bodyHeight(row);
    y += g.bodyHeight;
    g.reactionsTop = y;
    g.reactionsHeight = ReactionsPainter::height(row);
    y += g.reactionsHeight;
    g.footerTop = y;
    y += RowStatusPainter::footerHeight(row);
    g.receiptsTop = y;
    g.receiptsHeight = ReadMarksPainter::receiptsHeight(row);
    y += g.receiptsHeight;
    g.markerTop = y;
    g.markerHeight = ReadMarksPainter::markerHeight(row);
    y += g.markerHeight;
    g.height = y + TimelineStyle::kBottom;
    return g;
}

QRect TimelineDelegate::bodyRect(const QRect &rowRect, const Geometry &g) const
{
    return {rowRect.left() + TimelineStyle::kLeft, rowRect.top() + g.bodyTop, TimelineStyle::bodyWidth(m_width),
            g.bodyHeight};
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const TimelineFonts fonts = TimelineFonts::from(option.font);
    return {m_width, geometry(rowOf(index, fonts, option.palette)).height};
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const TimelineFonts f = TimelineFonts::from(option.font);
    const TimelineRow row = rowOf(index, f, option.palette);
    const Geometry g = geometry(row);
    const QRect rect = option.rect;
    const QPalette &palette = option.palette;
    painter->save();
    painter->setClipRect(rect);

    QRect content = rect;
    if (g.daySeparator) {
        const int dayHeight = DaySeparatorPainter::height(f);
        DaySeparatorPainter::paint(painter, QRect(rect.left(), rect.top(), rect.width(), dayHeight), row.time().date(),
                                   f, palette);
        content.setTop(rect.top() + dayHeight);
    }
    if ((option.state & QStyle::State_MouseOver) || (option.state & QStyle::State_HasFocus))
        painter->fillRect(content, palette.color(QPalette::AlternateBase));
    if (row.mentionsMe) { // a message that mentions us: tinted, with a bar in the margin
        const QColor accent(0xe6, 0x7e, 0x22);
        painter->fillRect(content, QColor(accent.red(), accent.green(), accent.blue(), 28));
        painter->fillRect(QRect(content.left(), content.top(), 3, content.height()), accent);
    }
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->drawRect(content.adjusted(0, 0, -1, -1));
    }

    if (row.kind == Kind::Gap) {
        GapPainter::paint(painter, rect, palette, f);
        painter->restore();
        return;
    }

    const int x = rect.left() + TimelineStyle::kLeft;
    if (g.header)
        SenderHeaderPainter::paint(painter, row, QPoint(x, rect.top() + g.top));
    if (g.quoteHeight > 0)
        ReplyQuotePainter::paint(painter, row, QRect(x, rect.top() + g.quoteTop, row.bodyWidth, g.quoteHeight));
    painterFor(row).paintBody(painter, row, bodyRect(rect, g));
    if (g.reactionsHeight > 0)
        ReactionsPainter::paint(painter, row, QPoint(x, rect.top() + g.reactionsTop));
    const qreal firstLineCentre = rect.top() + g.bodyTop + QFontMetrics(f.body).height() / 2.0;
    RowStatusPainter::paintMargin(painter, row, rect, firstLineCentre);
    RowStatusPainter::paintFooter(painter, row, x, rect.top() + g.footerTop);
    if (option.state & QStyle::State_MouseOver)
        HoverActionsPainter::paint(painter, row, HoverActionsPainter::area(row, rect, g.top));
    if (g.receiptsHeight > 0)
        ReadMarksPainter::paintReceipts(painter, row, QRect(x, rect.top() + g.receiptsTop, row.bodyWidth, g.receiptsHeight));
    if (g.markerHeight > 0)
        ReadMarksPainter::paintMarker(painter, row, QRect(rect.left() + 4, rect.top() + g.markerTop, rect.width() - 8,
                                                          g.markerHeight));
    painter->restore();
}

TimelineAction TimelineDelegate::actionAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                          const QPoint &pos) const
{
    if (!index.isValid() || !option.rect.contains(pos))
        return TimelineAction::None;
    if (const TimelineAction whole = wholeRowAction(index); whole != TimelineAction::None)
        return whole;
    const TimelineFonts f = TimelineFonts::from(option.font);
    const TimelineRow row = rowOf(index, f, option.palette);
    const Geometry g = geometry(row);
    const QRect body = bodyRect(option.rect, g);
    const int x = option.rect.left() + TimelineStyle::kLeft;
    // The hover buttons sit over the row's top right (only where the pointer is, which is where clicks come from).
    if (const TimelineAction hover = HoverActionsPainter::actionAt(HoverActionsPainter::area(row, option.rect, g.top), pos);
        hover != TimelineAction::None)
        return hover;
    if (g.quoteHeight > 0 && QRect(x, option.rect.top() + g.quoteTop, row.bodyWidth, g.quoteHeight).contains(pos))
        return TimelineAction::ShowOriginal;
    if (g.reactionsHeight > 0
        && !ReactionsPainter::keyAt(row, pos - QPoint(x, option.rect.top() + g.reactionsTop)).isEmpty())
        return TimelineAction::ToggleReaction;
    return body.contains(pos) ? painterFor(row).actionAt(row, body, pos) : TimelineAction::None;
}

void TimelineDelegate::setSelection(const QPersistentModelIndex &index, int start, int end)
{
    m_selection = index;
    m_selectionStart = start;
    m_selectionEnd = end;
}

QString TimelineDelegate::selectedText() const
{
    if (!hasSelection())
        return {};
    const TimelineFonts f = TimelineFonts::from(QFont());
    const TimelineRow row = rowOf(m_selection, f, QPalette());
    return TextMessagePainter::textBetween(row, m_selectionStart, m_selectionEnd);
}

int TimelineDelegate::textPositionAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const
{
    if (!index.isValid())
        return -1;
    const TimelineFonts f = TimelineFonts::from(option.font);
    const TimelineRow row = rowOf(index, f, option.palette);
    if (&painterFor(row) != &m_text || row.kind == Kind::Gap)
        return -1;
    return TextMessagePainter::positionAt(row, bodyRect(option.rect, geometry(row)), pos);
}

QString TimelineDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const
{
    if (!index.isValid())
        return {};
    const TimelineFonts f = TimelineFonts::from(option.font);
    const TimelineRow row = rowOf(index, f, option.palette);
    if (row.html.isEmpty() || &painterFor(row) != &m_text)
        return {};
    return TextMessagePainter::linkAt(row, bodyRect(option.rect, geometry(row)), pos);
}

QString TimelineDelegate::reactionKeyAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                        const QPoint &pos) const
{
    if (!index.isValid())
        return {};
    const TimelineFonts f = TimelineFonts::from(option.font);
    const TimelineRow row = rowOf(index, f, option.palette);
    const Geometry g = geometry(row);
    if (g.reactionsHeight == 0)
        return {};
    const int x = option.rect.left() + TimelineStyle::kLeft;
    return ReactionsPainter::keyAt(row, pos - QPoint(x, option.rect.top() + g.reactionsTop));
}

bool TimelineDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QDateTime time = TimelineRow::timeOf(index);
    if (!time.isValid()) {
        QToolTip::hideText();
        return true;
    }
    // Over a link: where it really goes.
    const QString link = linkAt(option, index, event->pos());
    if (!link.isEmpty()) {
        QToolTip::showText(event->globalPos(), LinkSafety::check(QString(), QUrl(link)).shownTarget, view);
        return true;
    }
    // Over a reaction: who reacted.
    const QString key = reactionKeyAt(option, index, event->pos());
    if (!key.isEmpty()) {
        const TimelineFonts f = TimelineFonts::from(option.font);
        QToolTip::showText(event->globalPos(), ReactionsPainter::whoReacted(rowOf(index, f, option.palette), key), view);
        return true;
    }
    QString text = QLocale().toString(time, QLocale::LongFormat);
    const QString readers = ReadMarksPainter::readBy(rowOf(index, TimelineFonts::from(option.font), option.palette));
    if (!readers.isEmpty())
        text += QStringLiteral("\n") + readers;
    if (TimelineRow::sendStateOf(index) == SendState::Sending)
        text = tr("Sending…");
    const QString unreadable = index.data(TimelineModel::UnreadableReasonRole).toString();
    if (!unreadable.isEmpty())
        text += QStringLiteral("\n\n") + unreadable;
    const QString security = MessageSecurity::of(index).explanation();
    if (!security.isEmpty())
        text += QStringLiteral("\n\n") + security;
    QToolTip::showText(event->globalPos(), text, view);
    return true;
}

} // namespace estafette
