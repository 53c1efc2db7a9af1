#pragma once

#include <QByteArray>
#include <QMimeType>
#include <QString>

namespace estafette {

// What kind of message a file to send becomes, and its MIME type judged from its content as well as its name
// (a renamed executable is not a PDF because it is called report.pdf).
class MediaKind {
public:
    enum class Kind { Image, Video, Audio, File };

    // "m.image", "m.video", "m.audio", "m.file".
    static QString msgtype(Kind kind);

    // The MIME type of a file on disk: its content decides; the name only refines it (its type must be a kind of
    // what the content is: .csv for text/plain, .docx for a zip), or names it when the content is unrecognised.
    // displayName is the name the person sees (defaults to the path's).
    static QMimeType mimeTypeForFile(const QString &path, const QString &displayName = {});
    // The same rule for bytes in memory (a pasted image), e.g. the first kilobytes of a file.
    static QMimeType mimeTypeForData(const QByteArray &data, const QString &displayName);

    // image/* that recipients show inline and this Qt decodes (JPEG, PNG, GIF, WebP when its plugin is there) ->
    // Image unless sendAsFile; video/* -> Video; audio/* -> Audio; anything else (SVG, TIFF, HEIC, BMP, ...) ->
    // File. Whether the image really decodes is the image probe's call: the stager falls back to File.
    static Kind kindFor(const QMimeType &mime, bool sendAsFile);
    static bool isInlineImage(const QMimeType &mime);

private:
    static QMimeType choose(const QMimeType &byContent, const QMimeType &byName);
};

} // namespace estafette
