#pragma once

#include <QCoreApplication>
#include <QFuture>
#include <QString>

#include <memory>

class QIODevice;

namespace estafette {

// Writes what a device reads to a file, on a worker thread, in chunks (never the whole file in memory) and
// atomically (QSaveFile: the file appears complete or not at all). The device is read and deleted on that
// thread (see ImageViewerSource::openOriginal). The future's result is empty on success, else a sentence.
class DeviceSaver {
    Q_DECLARE_TR_FUNCTIONS(DeviceSaver)
public:
    static QFuture<QString> save(std::unique_ptr<QIODevice> device, const QString &path);
    // The same, synchronously, on the calling thread.
    static QString saveNow(QIODevice *device, const QString &path);
};

} // namespace estafette
