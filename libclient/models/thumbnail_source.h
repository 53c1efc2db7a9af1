#pragma once

#include "events/media_content.h"

#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>

namespace estafette {

// One picture the timeline wants to show: a thumbnail (or the image itself when it has none), at a size.
struct ThumbnailRequest {
    QString key;                 // the same picture at the same size always has the same key
    MediaContent::Source source; // the thumbnail's; the file's when fromFile; empty for a local echo
    bool fromFile = false;       // no thumbnail was announced: scale the file itself (a plain one may be asked of
                                 // the server's /thumbnail; an encrypted one must be fetched, checked and scaled here)
    QString mimeType;            // as announced for what `source` points to (may be empty)
    qint64 announcedBytes = -1;  // as announced for what `source` points to; -1 when not
    QSize size;                  // the box it is painted in, in device pixels: scale to fit it, never larger
    QString transactionId;       // a local echo's: its staged thumbnail is the picture (source is then empty)
};

// Where the timeline gets its pictures: decoded and scaled already, off the GUI thread, from an asynchronous
// media cache (downloaded, SHA-256 checked and decrypted for an encrypted one). The timeline asks for what it
// paints and repaints a row when its picture is ready; until then it shows a placeholder of the announced size,
// so a row never changes height when its picture arrives. Everything here is called on the GUI thread and must
// return at once.
class ThumbnailSource : public QObject {
    Q_OBJECT
public:
    enum class State {
        Unknown, // never asked for (or forgotten since)
        Pending, // asked for, not there yet
        Ready,   // image() holds it
        Failed,  // it will not come: problem() says why (a hash mismatch, a picture that does not decode…)
    };
    struct Result {
        State state = State::Unknown;
        QImage image;    // Ready: at most the size asked for
        QString problem; // Failed: a sentence for the person
    };

    using QObject::QObject;

    // What is known of `key` now (memory only: no disk, no decoding).
    virtual Result thumbnail(const QString &key) const = 0;
    // Asks for a picture; a key already pending or ready is not asked for again. imageReady or imageFailed follows.
    virtual void request(const ThumbnailRequest &request) = 0;

signals:
    void imageReady(const QString &key);
    void imageFailed(const QString &key);
};

} // namespace estafette
