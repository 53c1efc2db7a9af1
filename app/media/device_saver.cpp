#include "device_saver.h"

#include <QDir>
#include <QIODevice>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace estafette {

namespace {
constexpr qint64 kChunk = 256 * 1024;
}

QString DeviceSaver::saveNow(QIODevice *device, const QString &path)
{
    if (!device)
        return tr("There is nothing to save.");
    if (!device->isOpen() && !device->open(QIODevice::ReadOnly))
        return tr("The file could not be read: %1").arg(device->errorString());
    if (!device->isReadable())
        return tr("The file could not be read.");
    if (!device->isSequential() && device->pos() != 0 && !device->seek(0))
        return tr("The file could not be read: %1").arg(device->errorString());

    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return tr("“%1” could not be written: %2").arg(QDir::toNativeSeparators(path), out.errorString());
    QByteArray chunk(kChunk, Qt::Uninitialized);
    for (;;) {
        const qint64 n = device->read(chunk.data(), chunk.size());
        if (n < 0) {
            out.cancelWriting();
            return tr("The file could not be read: %1").arg(device->errorString());
        }
        if (n == 0) // the end (the devices given here never wait for more)
            break;
        if (out.write(chunk.constData(), n) != n) {
            out.cancelWriting();
            return tr("“%1” could not be written: %2").arg(QDir::toNativeSeparators(path), out.errorString());
        }
    }
    if (!out.commit())
        return tr("“%1” could not be written: %2").arg(QDir::toNativeSeparators(path), out.errorString());
    return QString();
}

QFuture<QString> DeviceSaver::save(std::unique_ptr<QIODevice> device, const QString &path)
{
    // A shared_ptr, as the callable QtConcurrent stores must be copyable; moved in, so the task holds the only
    // reference.
    std::shared_ptr<QIODevice> shared(device.release());
    return QtConcurrent::run([shared = std::move(shared), path]() mutable {
        QString error = saveNow(shared.get(), path);
        shared.reset(); // deleted here, on the thread that used it
        return error;
    });
}

} // namespace estafette
