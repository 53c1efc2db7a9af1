#pragma once

#include <QCache>
#include <QFont>
#include <QStyledItemDelegate>
#include <QTextLayout>

namespace estafette {

class MessageSecurity;

// Paints one timeline row (message, state change, local echo, gap) straight onto the view: no widget per
// message. Message bodies are laid out once per text, font and width and kept in a cache, so scrolling a
// large room only paints. End-to-end encryption shows where it matters: a message that could not be decrypted
// is a muted placeholder with a padlock (a rejected one in red), a decrypted message whose sender is not
// authenticated carries a red warning, one whose sender is not confirmed a subtle marker; the tooltip explains.
class TimelineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit TimelineDelegate(QObject *parent = nullptr);

    // The width rows are laid out for (the view's viewport width).
    void setWidth(int width) { m_width = width; }
    int width() const { return m_width; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // Rows that do something when clicked: a gap (load the missing messages), a failed message (retry).
    static bool isClickable(const QModelIndex &index);
    int cachedLayoutCount() const { return m_cache.count(); }

private:
    struct Fonts {
        QFont body, name, small, state, emote, placeholder;
    };
    struct Geometry {
        bool daySeparator = false;
        bool header = false;
        int top = 0;         // y of the header line (or body when no header), relative to the row
        int bodyTop = 0;
        int bodyHeight = 0;
        int footerTop = 0;   // "Not sent" or "Sender not authenticated" line
        int height = 0;
    };
    struct CachedLayout {
        QString text;
        QFont font;
        int width = 0;
        QTextLayout layout;
        int height = 0;
    };

    Fonts fonts(const QFont &base) const;
    Geometry geometry(const QModelIndex &index, const Fonts &f, const MessageSecurity &security) const;
    CachedLayout *bodyLayout(const QModelIndex &index, const Fonts &f, const MessageSecurity &security) const;
    int bodyWidth() const;

    void paintDay(QPainter *painter, const QRect &rect, const QModelIndex &index, const Fonts &f,
                  const QPalette &palette) const;
    void paintGap(QPainter *painter, const QRect &rect, const QPalette &palette, const Fonts &f) const;
    void paintClock(QPainter *painter, const QPointF &centre, const QColor &color) const;
    void paintWarningSign(QPainter *painter, const QRectF &rect, const QColor &color) const;
    void paintQuestionMark(QPainter *painter, const QPointF &centre, const QColor &color, const QFont &font) const;

    int m_width = 400;
    mutable QCache<QString, CachedLayout> m_cache;
};

} // namespace estafette
