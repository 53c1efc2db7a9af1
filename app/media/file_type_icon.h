#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QPixmap>
#include <QRectF>
#include <QString>

class QMimeType;
class QPainter;

namespace estafette {

// The icon of a file by what it is (a page with a coloured band and a short label such as "PDF"), drawn so it
// needs no icon theme and scales with the font. The same icon in the composer's tray, the timeline's file cards
// and the player. The kind also gives the words a screen reader says ("PDF document").
class FileTypeIcon {
    Q_DECLARE_TR_FUNCTIONS(FileTypeIcon)
public:
    enum class Kind { Image, Video, Audio, Pdf, Text, Document, Spreadsheet, Presentation, Archive, Program, Other };

    static Kind kindOf(const QMimeType &type);
    static Kind kindOf(const QString &mimeTypeName); // unknown or empty: Other
    static QString description(Kind kind);           // "PDF document", "Spreadsheet"…
    // The short label on the icon: the file name's extension in capitals when short (≤ 4 letters), else one
    // for the kind.
    static QString badge(Kind kind, const QString &fileName = QString());
    static QColor color(Kind kind); // white text on it is readable (contrast ≥ 4.5:1)

    // Paints the icon centred in `rect` at its own proportions (3:4), outline in `ink`.
    static void paint(QPainter *painter, const QRectF &rect, Kind kind, const QString &badge, const QColor &ink);
    static QPixmap pixmap(Kind kind, const QString &badge, int height, const QColor &ink, qreal devicePixelRatio = 1.0);
};

} // namespace estafette
