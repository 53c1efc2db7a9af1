#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

class QMimeData;

namespace estafette {

// What a paste or a drop offers to send. Files win (their original bytes, whatever else is offered with them);
// image data counts only when no text comes with it: office programs put a picture of the copied cells or
// slide beside the text, and a person pasting those into a message wants the text.
class AttachmentMime {
    Q_DECLARE_TR_FUNCTIONS(AttachmentMime)
public:
    struct LocalFiles {
        QStringList files; // existing regular files, in the order offered, without repeats
        int folders = 0;   // folders among the URLs (not sent)
    };
    static LocalFiles localFiles(const QMimeData *mime);
    static bool hasImage(const QMimeData *mime);
    static bool carriesAttachments(const QMimeData *mime);
    // The PNG bytes as offered ("image/png"), so a copied picture need not be decoded and encoded again;
    // empty when the image comes in another form (then QMimeData::imageData()).
    static QByteArray pngData(const QMimeData *mime);
    // The name of a pasted image: "Pasted image 2024-05-02 14.03.07.png" (no ':' so it saves on Windows too).
    static QString pastedImageName(const QDateTime &when);
};

} // namespace estafette
