#pragma once

#include <QByteArray>
#include <QString>

namespace estafette {

// One thing the person chose to send, as the composer hands it over (before it is staged): a file on disk
// (attach button, drop, copied files) or image data from the clipboard (sent as a PNG).
struct AttachmentSource {
    QString path;             // a local file; empty for clipboard image data
    QByteArray imageData;     // PNG bytes of a pasted image (when path is empty)
    QString fileName;         // the name to show and send; for a path, its file name by default
    bool sendAsFile = false;  // "send as file": an image's original bytes untouched, msgtype m.file
    bool isValid() const { return !path.isEmpty() || !imageData.isEmpty(); }
};

} // namespace estafette
