#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QIODevice>
#include <QString>

#include <functional>

namespace estafette {

// Removes what could identify the sender or the place from an image without re-encoding its pixels:
// - JPEG: every APPn and COM segment except the JFIF APP0, ICC profile APP2 and Adobe APP14 (colour, nothing
//   personal), i.e. Exif (GPS, camera serial, owner), XMP, IPTC/Photoshop, MPF (its hidden second images) and
//   anything after the end of the image (appended motion videos, secondary images). When the Exif orientation was
//   not 1, a minimal Exif holding only Orientation is put back so the photo still shows upright.
// - PNG: every ancillary chunk but those that describe rendering (tRNS, gAMA, cHRM, sRGB, iCCP, cICP, pHYs, sBIT,
//   bKGD, hIST, sPLT, mDCv, cLLi and the APNG chunks): tEXt, zTXt, iTXt, eXIf, tIME and unknown ones go; critical
//   chunks always stay; nothing after IEND. A non-1 eXIf orientation is kept the same way as for JPEG.
// - WebP: EXIF and XMP chunks (and unknown ones) go and the VP8X flags are updated; a non-1 orientation is kept.
// - GIF: comment and application extensions go (except the looping ones, NETSCAPE2.0 / ANIMEXTS1.0).
// - Anything else is copied unchanged (Format::Other): the stager re-encodes or sends those as files.
// Streams the input in chunks (never more than ~1 MiB held, plus a JPEG's header segments before its first scan).
// Malformed input gives an error, never a crash or an endless loop; what was already written to the sink is then
// to be discarded.
class ImageMetadataStripper {
public:
    enum class Format { Jpeg, Png, WebP, Gif, Other };
    enum class Error { None, Malformed, ReadFailed, WriteFailed };

    struct Result {
        Error error = Error::None;
        QString detail;         // for logs
        Format format = Format::Other;
        int orientation = 1;    // the Exif orientation found (1-8), kept in the output when not 1
        int removed = 0;        // segments, chunks or extensions removed
        bool ok() const { return error == Error::None; }
    };

    // Receives the output in order, in pieces of at most 1 MiB; returning false stops with WriteFailed.
    using Sink = std::function<bool(QByteArrayView)>;

    // From the first bytes (12 are enough).
    static Format detect(QByteArrayView head);

    // in: open for reading, at its start; it must be seekable for WebP (a file or a buffer).
    static Result strip(QIODevice &in, const Sink &out);
    static Result strip(const QByteArray &in, QByteArray *out);

    // The Orientation tag (1-8) of a TIFF/Exif block (with or without the "Exif\0\0" prefix); 0 when absent or
    // malformed.
    static int exifOrientation(QByteArrayView exif);
};

} // namespace estafette
