#pragma once

#include "models/transfer_progress.h"

#include <QRect>
#include <QString>

class QPainter;
class QPalette;

namespace estafette {

struct TimelineFonts;

// A thin progress bar with its words above it ("Uploading… 40 %"); an unknown total shows an empty bar.
class TransferBar {
public:
    static int height(const TimelineFonts &fonts);
    static void paint(QPainter *painter, const QRect &rect, const TransferProgress &progress, const QString &label,
                      const QPalette &palette, const TimelineFonts &fonts);
    // The same bar over a picture, on a dark band at its bottom so it reads on any image.
    static void paintOverlay(QPainter *painter, const QRect &picture, const TransferProgress &progress,
                             const QString &label, const TimelineFonts &fonts);
};

} // namespace estafette
