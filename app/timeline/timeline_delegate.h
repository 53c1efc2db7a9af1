#pragma once

#include "models/download_progress_source.h"
#include "models/thumbnail_source.h"
#include "timeline/file_card_painter.h"
#include "timeline/gap_painter.h"
#include "timeline/image_painter.h"
#include "timeline/problem_card_painter.h"
#include "timeline/state_change_painter.h"
#include "timeline/state_runs.h"
#include "timeline/state_summary_painter.h"
#include "timeline/rich_text_cache.h"
#include "timeline/text_layout_cache.h"
#include "timeline/text_message_painter.h"
#include "timeline/timeline_action.h"
#include "timeline/timeline_style.h"
#include "timeline/undecryptable_painter.h"
#include "timeline/video_painter.h"

#include <QPersistentModelIndex>
#include <QPointer>
#include <QStyledItemDelegate>

namespace estafette {

class AvatarSource;
class RowPainter;
struct TimelineRow;

// Paints one timeline row straight onto the view: no widget per message. The delegate only lays out what all
// rows share (day separator, sender header, send state and footer, hover and focus) and hands the body to the
// painter of the row's kind (text, state change, undecryptable, image, video, file or sound card, problem
// card); a gap is a row of its own. Texts are laid out once per text, font and width and kept in a cache, so
// scrolling a large room only paints. Pictures come from a ThumbnailSource, asked for when a row is painted.
class TimelineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit TimelineDelegate(QObject *parent = nullptr);
    ~TimelineDelegate() override;

    // The width rows are laid out for (the view's viewport width).
    void setWidth(int width) { m_width = width; }
    int width() const { return m_width; }
    // Where pictures come from (none: placeholders only) and how far downloads got (none: no progress shown).
    // Not owned.
    void setThumbnailSource(ThumbnailSource *source) { m_thumbnails = source; }
    void setDownloadProgressSource(DownloadProgressSource *source) { m_downloads = source; }
    // Where senders' avatars come from (none: their initials). Not owned.
    void setAvatarSource(AvatarSource *source);
    // Which rows head a run of state changes folded into a summary line (none: every row its own). Not owned.
    void setStateRuns(StateRuns *runs) { m_stateRuns = runs; }
    // The pixel density pictures are asked for at (the view's).
    void setDevicePixelRatio(qreal ratio) { m_devicePixelRatio = ratio; }
    qreal devicePixelRatio() const { return m_devicePixelRatio; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // What a click at `pos` (view coordinates) in the row painted in option.rect asks for.
    TimelineAction actionAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;
    // What Enter on the row asks for: a gap loads, a failed message is sent again (both also for a click
    // anywhere on them), an image opens, a video or a sound plays, a file is saved, a run's summary line opens
    // or closes.
    TimelineAction defaultAction(const QModelIndex &index) const;
    int cachedLayoutCount() const { return m_layouts.count(); }
    // The reaction chip at `pos` (view coordinates), empty when none.
    QString reactionKeyAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;
    // Text selection in one row's body (an invalid index: none), painted; what it holds.
    void setSelection(const QPersistentModelIndex &index, int start, int end);
    void clearSelection() { setSelection({}, 0, 0); }
    QString selectedText() const;
    bool hasSelection() const { return m_selection.isValid() && m_selectionStart != m_selectionEnd; }
    // The position in a text row's body nearest `pos` (view coordinates); -1 when the row has no selectable text.
    int textPositionAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;
    // The link at `pos` (view coordinates) in a formatted message, empty when none.
    QString linkAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;

private:
    struct Geometry {
        bool daySeparator = false;
        bool header = false;
        int top = 0;         // y of the header line (or body when no header), relative to the row
        int quoteTop = 0;      // the message a reply answers
        int quoteHeight = 0;
        int bodyTop = 0;
        int bodyHeight = 0;
        int reactionsTop = 0;  // reaction chips under the body
        int reactionsHeight = 0;
        int receiptsTop = 0;   // who has read up to here
        int receiptsHeight = 0;
        int markerTop = 0;     // "New messages" below our read marker
        int markerHeight = 0;
        int footerTop = 0;   // "Not sent" or "Sender not authenticated" line
        int height = 0;
    };

    TimelineRow rowOf(const QModelIndex &index, const TimelineFonts &fonts, const QPalette &palette) const;
    const RowPainter &painterFor(const TimelineRow &row) const;
    Geometry geometry(const TimelineRow &row) const;
    QRect bodyRect(const QRect &rowRect, const Geometry &g) const;

    int m_width = 400;
    mutable TextLayoutCache m_layouts;
    mutable RichTextCache m_richTexts;
    QPersistentModelIndex m_selection;
    int m_selectionStart = 0;
    int m_selectionEnd = 0;
    TextMessagePainter m_text;
    StateChangePainter m_state;
    StateSummaryPainter m_stateSummary;
    UndecryptablePainter m_undecryptable;
    ImagePainter m_image;
    VideoPainter m_video;
    FileCardPainter m_fileCard;
    ProblemCardPainter m_problemCard;
    QPointer<ThumbnailSource> m_thumbnails;
    QPointer<DownloadProgressSource> m_downloads;
    QPointer<AvatarSource> m_avatars;
    QPointer<StateRuns> m_stateRuns;
    qreal m_devicePixelRatio = 1.0;
};

} // namespace estafette
