#include "timeline_delegate.h"

#include "lock_icon.h"
#include "message_security.h"
#include "models/timeline_model.h"
#include "rooms/room.h" // timeline_model.h needs Room complete for its inline room()
#include "rooms/timeline.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

namespace estafette {

namespace {
constexpr int kLeft = 16;
constexpr int kRight = 32;         // room for the sending clock
constexpr int kHeaderGap = 8;      // space above a sender's first message
constexpr int kGroupedGap = 1;
constexpr int kBottom = 3;
constexpr int kGapRowHeight = 36;
constexpr qint64 kGroupSeconds = 5 * 60;

using Kind = TimelineModel::ItemKind;

Kind kindOf(const QModelIndex &index)
{
    return Kind(index.data(TimelineModel::ItemKindRole).toInt());
}

// A message whose body is not text: shown as a muted "Unreadable message", the reason in its tooltip.
bool isUnreadable(const QModelIndex &index)
{
    return !index.data(TimelineModel::UnreadableReasonRole).toString().isEmpty();
}

SendState sendStateOf(const QModelIndex &index)
{
    return SendState(index.data(TimelineModel::SendStateRole).toInt());
}

bool isMessage(Kind kind)
{
    return kind == Kind::Message || kind == Kind::Emote || kind == Kind::Notice;
}

QDateTime timeOf(const QModelIndex &index)
{
    return index.data(TimelineModel::TimestampRole).toDateTime();
}

// The nearest row above that has a time (gaps have none).
QModelIndex previousDated(const QModelIndex &index)
{
    for (int row = index.row() - 1; row >= 0; --row) {
        const QModelIndex prev = index.siblingAtRow(row);
        if (kindOf(prev) == Kind::Gap)
            return {};
        if (timeOf(prev).isValid())
            return prev;
    }
    return {};
}

QColor senderColor(const QString &userId)
{
    static const QColor colors[] = {{0x00, 0x00, 0x91}, {0x8d, 0x24, 0x27}, {0x18, 0x75, 0x3c},
                                    {0x6e, 0x44, 0x5a}, {0x71, 0x5a, 0x00}, {0x00, 0x63, 0xcb},
                                    {0x6a, 0x6a, 0xf4}, {0x95, 0x1c, 0x4a}};
    uint hash = 0; // stable across runs, unlike qHash
    for (QChar c : userId)
        hash = hash * 31 + c.unicode();
    return colors[hash % (sizeof(colors) / sizeof(colors[0]))];
}

QColor mutedColor(const QPalette &palette)
{
    return palette.color(QPalette::PlaceholderText);
}

const QColor kFailedColor(0xce, 0x05, 0x00);

QString dayText(const QDate &date)
{
    const QDate today = QDate::currentDate();
    if (date == today)
        return TimelineDelegate::tr("Today");
    if (date == today.addDays(-1))
        return TimelineDelegate::tr("Yesterday");
    return QLocale().toString(date, QLocale::LongFormat);
}
} // namespace

TimelineDelegate::TimelineDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_cache(3000)
{
}

bool TimelineDelegate::isClickable(const QModelIndex &index)
{
    return index.isValid() && (kindOf(index) == Kind::Gap || sendStateOf(index) == SendState::Failed);
}

TimelineDelegate::Fonts TimelineDelegate::fonts(const QFont &base) const
{
    Fonts f{base, base, base, base, base, base};
    f.name.setBold(true);
    f.placeholder.setItalic(true);
    f.small.setPointSizeF(base.pointSizeF() * 0.85);
    f.state = f.small;
    f.state.setItalic(true);
    f.emote.setItalic(true);
    return f;
}

int TimelineDelegate::bodyWidth() const
{
    return std::max(40, m_width - kLeft - kRight);
}

TimelineDelegate::CachedLayout *TimelineDelegate::bodyLayout(const QModelIndex &index, const Fonts &f,
                                                             const MessageSecurity &security) const
{
    const Kind kind = kindOf(index);
    const bool stateLike = kind == Kind::StateChange || kind == Kind::Unsupported;
    const QFont &font = stateLike                   ? f.state
                        : security.isPlaceholder() || isUnreadable(index) ? f.placeholder
                        : kind == Kind::Emote       ? f.emote
                                                    : f.body;
    QString text = index.data(TimelineModel::BodyRole).toString();
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    const int width = bodyWidth();

    QString key = index.data(TimelineModel::TransactionIdRole).toString();
    if (key.isEmpty())
        key = index.data(TimelineModel::EventIdRole).toString();
    if (key.isEmpty())
        key = QStringLiteral("#row%1").arg(index.row());

    if (CachedLayout *cached = m_cache.object(key);
        cached && cached->width == width && cached->font == font && cached->text == text)
        return cached;

    auto *entry = new CachedLayout;
    entry->text = text;
    entry->font = font;
    entry->width = width;
    entry->layout.setText(text);
    entry->layout.setFont(font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    entry->layout.setTextOption(option);
    entry->layout.setCacheEnabled(true);
    entry->layout.beginLayout();
    qreal y = 0;
    for (QTextLine line = entry->layout.createLine(); line.isValid(); line = entry->layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    entry->layout.endLayout();
    entry->height = int(std::ceil(y));
    m_cache.insert(key, entry);
    return entry;
}

TimelineDelegate::Geometry TimelineDelegate::geometry(const QModelIndex &index, const Fonts &f,
                                                     const MessageSecurity &security) const
{
    Geometry g;
    const Kind kind = kindOf(index);
    if (kind == Kind::Gap) {
        g.height = kGapRowHeight;
        return g;
    }
    const QModelIndex prev = previousDated(index);
    const QDateTime time = timeOf(index);
    g.daySeparator = time.isValid() && (!prev.isValid() || timeOf(prev).date() != time.date());
    if (isMessage(kind)) {
        g.header = g.daySeparator || !prev.isValid() || !isMessage(kindOf(prev))
            || prev.data(TimelineModel::SenderIdRole) != index.data(TimelineModel::SenderIdRole)
            || timeOf(prev).secsTo(time) > kGroupSeconds;
    }
    int y = g.daySeparator ? QFontMetrics(f.small).height() + 16 : 0;
    y += (g.header || !isMessage(kind)) ? kHeaderGap / 2 + (g.header ? kHeaderGap / 2 : 0) : kGroupedGap;
    g.top = y;
    if (g.header)
        y += QFontMetrics(f.name).height() + 2;
    g.bodyTop = y;
    g.bodyHeight = bodyLayout(index, f, security)->height;
    y += g.bodyHeight;
    g.footerTop = y;
    if (sendStateOf(index) == SendState::Failed || !security.warning().isEmpty())
        y += QFontMetrics(f.small).height() + 2;
    g.height = y + kBottom;
    return g;
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return {m_width, geometry(index, fonts(option.font), MessageSecurity::of(index)).height};
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Fonts f = fonts(option.font);
    const MessageSecurity security = MessageSecurity::of(index);
    const Geometry g = geometry(index, f, security);
    const QRect rect = option.rect;
    const QPalette &palette = option.palette;
    painter->save();
    painter->setClipRect(rect);

    QRect content = rect;
    if (g.daySeparator) {
        const int dayHeight = QFontMetrics(f.small).height() + 16;
        paintDay(painter, QRect(rect.left(), rect.top(), rect.width(), dayHeight), index, f, palette);
        content.setTop(rect.top() + dayHeight);
    }
    if ((option.state & QStyle::State_MouseOver) || (option.state & QStyle::State_HasFocus))
        painter->fillRect(content, palette.color(QPalette::AlternateBase));
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->drawRect(content.adjusted(0, 0, -1, -1));
    }

    const Kind kind = kindOf(index);
    if (kind == Kind::Gap) {
        paintGap(painter, rect, palette, f);
        painter->restore();
        return;
    }

    const int x = rect.left() + kLeft;
    const SendState sendState = sendStateOf(index);
    if (g.header) {
        const QString name = index.data(TimelineModel::SenderNameRole).toString();
        const QFontMetrics nameMetrics(f.name);
        const int available = bodyWidth() - 80;
        const int advance = nameMetrics.horizontalAdvance(name);
        const QString shown = advance <= available ? name : nameMetrics.elidedText(name, Qt::ElideRight, available);
        const int nameWidth = std::min(advance, available);
        painter->setFont(f.name);
        painter->setPen(senderColor(index.data(TimelineModel::SenderIdRole).toString()));
        painter->drawText(QRect(x, rect.top() + g.top, nameWidth + 8, nameMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, shown);
        painter->setFont(f.small);
        painter->setPen(mutedColor(palette));
        const QString time = QLocale().toString(timeOf(index).time(), QLocale::ShortFormat);
        painter->drawText(QRect(x + nameWidth + 8, rect.top() + g.top, 100, nameMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, time);
    }

    QColor bodyColor = palette.color(QPalette::Text);
    if (kind == Kind::StateChange || kind == Kind::Unsupported || kind == Kind::Notice
        || sendState == SendState::Sending || security.mark() == MessageSecurity::Mark::Undecrypted
        || isUnreadable(index))
        bodyColor = mutedColor(palette);
    if (security.mark() == MessageSecurity::Mark::Rejected)
        bodyColor = kFailedColor;
    painter->setPen(bodyColor);
    bodyLayout(index, f, security)->layout.draw(painter, QPointF(x, rect.top() + g.bodyTop));

    const int lineHeight = QFontMetrics(f.body).height();
    const qreal firstLineCentre = rect.top() + g.bodyTop + lineHeight / 2.0;
    if (security.isPlaceholder()) {
        // A padlock in the left margin: this row stands for an encrypted message.
        const qreal h = std::min(12.0, lineHeight * 0.7);
        LockIcon::paint(painter, QRectF(rect.left() + 2, firstLineCentre - h / 2, kLeft - 5, h), bodyColor);
    } else if (security.mark() == MessageSecurity::Mark::Unconfirmed) {
        paintQuestionMark(painter, QPointF(rect.right() - kRight / 2, firstLineCentre), mutedColor(palette), f.small);
    } else if (security.mark() == MessageSecurity::Mark::Unauthenticated) {
        const QFontMetrics small(f.small);
        const int h = small.height();
        paintWarningSign(painter, QRectF(x, rect.top() + g.footerTop + 1, h, h), kFailedColor);
        QFont bold = f.small;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(kFailedColor);
        const QString text = QFontMetrics(bold).elidedText(security.warning(), Qt::ElideRight, bodyWidth() - h - 6);
        painter->drawText(QRect(x + h + 6, rect.top() + g.footerTop, bodyWidth() - h - 6, h + 2),
                          Qt::AlignLeft | Qt::AlignVCenter, text);
    }

    if (sendState == SendState::Sending) {
        paintClock(painter, QPointF(rect.right() - kRight / 2, firstLineCentre), mutedColor(palette));
    } else if (sendState == SendState::Failed) {
        painter->setFont(f.small);
        painter->setPen(kFailedColor);
        const QFontMetrics small(f.small);
        const QString notSent = small.elidedText(tr("Not sent — click to retry, right-click to delete"),
                                                 Qt::ElideRight, bodyWidth());
        painter->drawText(QRect(x, rect.top() + g.footerTop, bodyWidth(), small.height() + 2),
                          Qt::AlignLeft | Qt::AlignVCenter, notSent);
    }
    painter->restore();
}

void TimelineDelegate::paintDay(QPainter *painter, const QRect &rect, const QModelIndex &index, const Fonts &f,
                                const QPalette &palette) const
{
    const QString text = dayText(timeOf(index).date());
    QFont font = f.small;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const int textWidth = metrics.horizontalAdvance(text) + 24;
    const int y = rect.center().y();
    painter->setPen(palette.color(QPalette::Mid));
    painter->drawLine(rect.left() + kLeft, y, rect.center().x() - textWidth / 2, y);
    painter->drawLine(rect.center().x() + textWidth / 2, y, rect.right() - kLeft, y);
    painter->setFont(font);
    painter->setPen(mutedColor(palette));
    painter->drawText(rect, Qt::AlignCenter, text);
}

void TimelineDelegate::paintGap(QPainter *painter, const QRect &rect, const QPalette &palette, const Fonts &f) const
{
    const QString text = tr("Some messages are missing — load them");
    const QFontMetrics metrics(f.body);
    const int textWidth = metrics.horizontalAdvance(text) + 24;
    const int y = rect.center().y();
    painter->setPen(QPen(palette.color(QPalette::Mid), 1, Qt::DashLine));
    painter->drawLine(rect.left() + kLeft, y, rect.center().x() - textWidth / 2, y);
    painter->drawLine(rect.center().x() + textWidth / 2, y, rect.right() - kLeft, y);
    QFont font = f.body;
    font.setUnderline(true);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::Link));
    painter->drawText(rect, Qt::AlignCenter, text);
}

void TimelineDelegate::paintClock(QPainter *painter, const QPointF &centre, const QColor &color) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.4));
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(centre, 6, 6);
    painter->drawLine(centre, centre + QPointF(0, -4));
    painter->drawLine(centre, centre + QPointF(3, 0));
    painter->restore();
}

void TimelineDelegate::paintWarningSign(QPainter *painter, const QRectF &rect, const QColor &color) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal side = std::min(rect.width(), rect.height()) - 1;
    const QPointF top(rect.center().x(), rect.center().y() - side / 2);
    const QPolygonF triangle{top, QPointF(top.x() + side / 2, top.y() + side), QPointF(top.x() - side / 2, top.y() + side)};
    painter->setPen(QPen(color, 1.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(color);
    painter->drawPolygon(triangle);
    painter->setPen(QPen(Qt::white, std::max(1.2, side / 8), Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(QPointF(top.x(), top.y() + side * 0.35), QPointF(top.x(), top.y() + side * 0.65));
    painter->drawPoint(QPointF(top.x(), top.y() + side * 0.83));
    painter->restore();
}

void TimelineDelegate::paintQuestionMark(QPainter *painter, const QPointF &centre, const QColor &color,
                                         const QFont &font) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.2));
    painter->setBrush(Qt::NoBrush);
    const QRectF circle(centre.x() - 6.5, centre.y() - 6.5, 13, 13);
    painter->drawEllipse(circle);
    QFont small = font;
    small.setBold(true);
    small.setPixelSize(9);
    painter->setFont(small);
    painter->drawText(circle, Qt::AlignCenter, QStringLiteral("?"));
    painter->restore();
}

bool TimelineDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QDateTime time = timeOf(index);
    if (!time.isValid()) {
        QToolTip::hideText();
        return true;
    }
    QString text = QLocale().toString(time, QLocale::LongFormat);
    if (sendStateOf(index) == SendState::Sending)
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
