#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QSize>
#include <QString>

namespace estafette {

// What an image is, read from its header only (nothing decoded): size as it is displayed (the Exif orientation
// applied, as QImageReader's autoTransform does), its format, whether it is animated. Absurd dimensions are refused
// here, before anyone tries to decode them (a "decompression bomb" of a few kilobytes announcing 60000x60000).
class ImageProbe {
public:
    static constexpr int MaxSide = 20000;
    static constexpr qint64 MaxPixels = 100'000'000;

    enum class Problem {
        None,
        NotAnImage, // no decoder recognises it, or its header does not give a size
        TooLarge,   // a side over MaxSide or more than MaxPixels
    };

    struct Info {
        Problem problem = Problem::None;
        QString detail;         // for logs
        QByteArray format;      // Qt's format name: "jpeg", "png", "gif", ...
        QSize size;             // as displayed: width and height swapped for orientations 5-8
        QSize storedSize;       // as stored in the file
        bool rotated = false;   // the orientation swaps width and height
        bool animated = false;
        bool ok() const { return problem == Problem::None; }
    };

    // device: open for reading, seekable; its position is restored.
    static Info probe(QIODevice *device);
};

} // namespace estafette
