#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

class QIODevice;

namespace estafette {

// What the image viewer shows: a list of images (a room's photos, oldest first) that it asks for one at a time.
// The app implements it over the media cache; images are decoded wherever the implementation likes (off the GUI
// thread) and handed back with imageReady().
class ImageViewerSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual int count() const = 0;
    virtual QString name(int index) const = 0; // the file name, also the name suggested by "Save as"
    // Asks for image `index`, decoded and oriented; answered by imageReady() or imageFailed(), possibly before
    // this returns. Asking again for an image already asked for is allowed (answer once or again).
    virtual void requestImage(int index) = 0;
    // The original bytes of image `index` for "Save as" (for an encrypted image: decrypted, from a ciphertext
    // whose hash was checked), or nullptr with `error` set (e.g. not downloaded yet, or its hash did not match).
    // The viewer reads the device to its end on a worker thread and then deletes it there: it must have no
    // parent and must not need an event loop (a file, a decrypting device over a file, a buffer). It may be
    // opened already; the viewer opens it read-only otherwise.
    virtual std::unique_ptr<QIODevice> openOriginal(int index, QString *error) = 0;

signals:
    void imageReady(int index, const QImage &image);
    void imageFailed(int index, const QString &reason); // a sentence for the person
    void countChanged();                                 // images were added to the list (e.g. newer ones)
};

} // namespace estafette
