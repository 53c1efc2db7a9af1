#include "support/media_checks.h"

#include "media/ctr_decrypting_device.h"
#include "media/media_fetch.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QUrl>

namespace estafette::test {

namespace {
constexpr qint64 kChunk = 256 * 1024;
}

bool writeRandomFile(const QString &path, qint64 size, quint32 seed)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QRandomGenerator rng(seed);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (qint64 done = 0; done < size; done += chunk.size()) {
        chunk.resize(qMin<qint64>(chunk.size(), size - done));
        rng.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        for (qsizetype i = chunk.size() / 4 * 4; i < chunk.size(); ++i)
            chunk[i] = char(rng.bounded(256));
        if (file.write(chunk) != chunk.size())
            return false;
    }
    return file.flush();
}

bool writeSparseFile(const QString &path, qint64 size)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.resize(size);
}

QStringList filesUnder(const QString &mediaPath, const QString &folder)
{
    return QDir(QDir(mediaPath).filePath(folder)).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

bool mentionsSize(const QString &sentence, qint64 bytes)
{
    const QLocale locale;
    for (const auto format :
         {QLocale::DataSizeSIFormat, QLocale::DataSizeIecFormat, QLocale::DataSizeTraditionalFormat}) {
        if (sentence.contains(locale.formattedDataSize(bytes, 1, format)))
            return true;
    }
    return false;
}

QByteArray sha256OfDevice(QIODevice &device)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray chunk(kChunk, Qt::Uninitialized);
    for (;;) {
        const qint64 got = device.read(chunk.data(), chunk.size());
        if (got < 0)
            return {};
        if (got == 0)
            break;
        hash.addData(QByteArrayView(chunk.constData(), got));
    }
    return hash.result();
}

QByteArray sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return sha256OfDevice(file);
}

QByteArray plaintextSha256(const QString &mediaPath, const StagedFile &file)
{
    CtrDecryptingDevice device(mediaPath, file);
    if (!device.open(QIODevice::ReadOnly))
        return {};
    return sha256OfDevice(device);
}

QByteArray plaintextOf(const QString &mediaPath, const StagedFile &file, qint64 maxBytes)
{
    CtrDecryptingDevice device(mediaPath, file);
    if (!device.open(QIODevice::ReadOnly) || device.size() > maxBytes)
        return {};
    return device.readAll();
}

FetchedMedia waitFetched(MediaFetch *fetch, int timeoutMs)
{
    QSignalSpy spy(fetch, &MediaFetch::finished);
    if (!spy.wait(timeoutMs)) {
        FetchedMedia timedOut;
        timedOut.error =
            MediaError::make(MediaError::Kind::Network, QStringLiteral("no answer within %1 ms").arg(timeoutMs));
        return timedOut;
    }
    return spy.first().first().value<FetchedMedia>();
}

int uploadedMediaCount(const TestServer &server, const TestUser &admin, const QString &userId, QString *error)
{
    const QString path = QStringLiteral("/_synapse/admin/v1/users/%1/media?limit=1")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(userId)));
    const auto answer = callServer(server, "GET", path, admin.accessToken, {}, error);
    if (!answer)
        return -1;
    const QJsonValue total = answer->value(QStringLiteral("total"));
    if (!total.isDouble()) {
        if (error)
            *error = QStringLiteral("no total in the admin API's answer");
        return -1;
    }
    return total.toInt();
}

} // namespace estafette::test
