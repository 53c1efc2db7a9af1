#pragma once

#include <QCoreApplication>
#include <QRect>
#include <QString>

class QPainter;
class QPalette;

namespace estafette {

struct TimelineFonts;

// The frame, icons and buttons that file, sound and problem cards share: a rounded card at most kMaxWidth wide,
// an icon on its left, text buttons on its right.
class MediaCard {
    Q_DECLARE_TR_FUNCTIONS(MediaCard)
public:
    static constexpr int kMaxWidth = 420;
    static constexpr int kPadding = 8;
    static constexpr int kIconSide = 36;
    static constexpr int kButtonGap = 6;

    // The card's rectangle at the top of `body`, `height` high.
    static QRect rect(const QRect &body, int height);
    // A card with an icon, a name line and a detail line.
    static int twoLineHeight(const TimelineFonts &fonts);
    static QRect iconRect(const QRect &card);
    // Buttons for `labels`, right-aligned and centred vertically in `card` (or a line of it), in the order given.
    static QList<QRect> buttonRects(const QRect &card, const QStringList &labels, const TimelineFonts &fonts);

    static void paintFrame(QPainter *painter, const QRect &card, const QPalette &palette);
    static void paintButton(QPainter *painter, const QRect &rect, const QString &label, const TimelineFonts &fonts,
                            const QPalette &palette);
    // A sheet with a folded corner and the file's extension on it ("PDF"), drawn.
    static void paintFileIcon(QPainter *painter, const QRect &rect, const QString &extension,
                              const TimelineFonts &fonts, const QPalette &palette);
    // A round play button.
    static void paintPlayIcon(QPainter *painter, const QRect &rect, const QPalette &palette);

    static QString saveLabel() { return tr("Save"); }
    static QString openLabel() { return tr("Open"); }
    static QString cancelLabel() { return tr("Cancel"); }
};

} // namespace estafette
