#include "timeline/timeline_row.h"

#include <QCoreApplication>

namespace estafette {

TimelineRow TimelineRow::make(const QModelIndex &index, const TimelineFonts &fonts, const QPalette &palette,
                              int bodyWidth, TextLayoutCache *layouts)
{
    TimelineRow row;
    row.index = index;
    row.kind = kindOf(index);
    row.sendState = sendStateOf(index);
    row.security = MessageSecurity::of(index);
    row.fonts = &fonts;
    row.palette = palette;
    row.bodyWidth = bodyWidth;
    row.layouts = layouts;
    row.readBy = index.data(TimelineModel::ReadByRole).toStringList();
    row.fullyRead = index.data(TimelineModel::IsFullyReadRole).toBool();
    row.isLast = index.row() == index.model()->rowCount() - 1;
    if (isMessage(row.kind)) {
        row.reply = index.data(TimelineModel::ReplyRole).value<ReplyPreview>();
        row.edited = index.data(TimelineModel::IsEditedRole).toBool();
        row.redacted = index.data(TimelineModel::IsRedactedRole).toBool();
        row.reactions = index.data(TimelineModel::ReactionsRole).value<ReactionGroups>();
        row.html = index.data(TimelineModel::FormattedHtmlRole).toString();
        row.mentionsMe = index.data(TimelineModel::MentionsMeRole).toBool();
    }
    if (isMedia(row.kind)) {
        row.media = index.data(TimelineModel::MediaRole).value<MediaContent>();
        row.problem = row.media.problemText();
        row.uploading = row.sendState == SendState::Sending && !row.transactionId().isEmpty();
        if (row.uploading)
            row.upload = index.data(TimelineModel::UploadProgressRole).value<TransferProgress>();
    }
    return row;
}

QString TimelineRow::transactionId() const
{
    return index.data(TimelineModel::TransactionIdRole).toString();
}

QString TimelineRow::eventId() const
{
    return index.data(TimelineModel::EventIdRole).toString();
}

QString TimelineRow::layoutKey(QLatin1String part) const
{
    QString key = index.data(TimelineModel::TransactionIdRole).toString();
    if (key.isEmpty())
        key = index.data(TimelineModel::EventIdRole).toString();
    if (key.isEmpty())
        key = QStringLiteral("#row%1").arg(index.row());
    if (part.size() > 0)
        key += QLatin1Char('#') + part;
    return key;
}

bool TimelineRow::isUnreadable() const
{
    return !index.data(TimelineModel::UnreadableReasonRole).toString().isEmpty();
}

QString TimelineRow::body() const
{
    return index.data(TimelineModel::BodyRole).toString();
}

QString TimelineRow::shownText() const
{
    if (!edited)
        return body();
    return body() + QChar(0x00A0) + QCoreApplication::translate("estafette::TimelineDelegate", "(edited)");
}

int TimelineRow::editedFrom() const
{
    return edited ? int(body().size()) + 1 : -1;
}

QString TimelineRow::nameOf(const QString &userId) const
{
    const auto *model = qobject_cast<const TimelineModel *>(index.model());
    return model ? model->displayNameOf(userId) : userId;
}

const RichTextCache::Entry &TimelineRow::richLayout(const QFont &font) const
{
    QString html = this->html;
    if (edited) {
        html += QStringLiteral("<span style=\"color:%1\">&nbsp;%2</span>")
                    .arg(TimelineStyle::mutedColor(palette).name(),
                         QCoreApplication::translate("estafette::TimelineDelegate", "(edited)").toHtmlEscaped());
    }
    return richTexts->layout(layoutKey(QLatin1String("rich")), html, font, bodyWidth,
                             palette.color(QPalette::Link));
}

const TextLayoutCache::Entry &TimelineRow::bodyLayout(const QFont &font) const
{
    return layouts->layout(layoutKey(), shownText(), font, bodyWidth);
}

TimelineModel::ItemKind TimelineRow::kindOf(const QModelIndex &index)
{
    return TimelineModel::ItemKind(index.data(TimelineModel::ItemKindRole).toInt());
}

QDateTime TimelineRow::timeOf(const QModelIndex &index)
{
    return index.data(TimelineModel::TimestampRole).toDateTime();
}

SendState TimelineRow::sendStateOf(const QModelIndex &index)
{
    return SendState(index.data(TimelineModel::SendStateRole).toInt());
}

bool TimelineRow::isMessage(TimelineModel::ItemKind kind)
{
    using Kind = TimelineModel::ItemKind;
    return kind == Kind::Message || kind == Kind::Emote || kind == Kind::Notice || isMedia(kind);
}

bool TimelineRow::isMedia(TimelineModel::ItemKind kind)
{
    using Kind = TimelineModel::ItemKind;
    return kind == Kind::Image || kind == Kind::Video || kind == Kind::Audio || kind == Kind::File;
}

} // namespace estafette
