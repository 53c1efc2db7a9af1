#pragma once

// Real inputs for the media tests (unit and integration), made on the spot: JPEGs written by Qt and tagged by
// exiftool (GPS, serial, owner, orientation), videos and sounds made by ffmpeg from its test sources. Nothing is
// checked in.

#include <QColor>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace media_test {

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool ok() const { return exitCode == 0; }
};

inline ProcessResult run(const QString &program, const QStringList &arguments, int timeoutMs = 60000)
{
    QProcess process;
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(10000)) {
        result.err = "cannot start " + program.toUtf8();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// An asymmetric picture: red left half, blue right half, a green band at the top. Whether it shows upright can be
// read back from its pixels.
inline QImage asymmetricImage(int width, int height, bool alpha = false)
{
    QImage image(width, height, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    image.fill(alpha ? QColor(0, 0, 0, 0) : QColor(Qt::white));
    QPainter painter(&image);
    painter.fillRect(0, 0, width / 2, height, QColor(220, 20, 20));
    painter.fillRect(width / 2, 0, width - width / 2, height, alpha ? QColor(20, 20, 220, 128) : QColor(20, 20, 220));
    painter.fillRect(0, 0, width, height / 5, QColor(20, 200, 20));
    return image;
}

// Qt writes the JPEG (JFIF only); exiftool then adds what a phone camera would: GPS, camera serial, owner,
// artist, a comment, XMP and IPTC, and the orientation.
inline bool writeTaggedJpeg(const QString &path, int width, int height, int orientation, QString *error = nullptr)
{
    if (!asymmetricImage(width, height).save(path, "JPEG", 90)) {
        if (error)
            *error = QStringLiteral("QImage could not write the JPEG");
        return false;
    }
    const ProcessResult tagged = run(QStringLiteral("exiftool"),
        {QStringLiteral("-q"), QStringLiteral("-overwrite_original"),
         QStringLiteral("-GPSLatitude=48.858370"), QStringLiteral("-GPSLatitudeRef=N"),
         QStringLiteral("-GPSLongitude=2.294481"), QStringLiteral("-GPSLongitudeRef=E"),
         QStringLiteral("-GPSAltitude=35"), QStringLiteral("-Make=EstafetteCam"), QStringLiteral("-Model=Site 9"),
         QStringLiteral("-SerialNumber=SN-99812345"), QStringLiteral("-OwnerName=Jeanne Agent"),
         QStringLiteral("-Artist=Jeanne Agent"), QStringLiteral("-Comment=taken at the site"),
         QStringLiteral("-XMP-dc:Creator=Jeanne Agent"), QStringLiteral("-XMP-exif:GPSLatitude=48.858370"),
         QStringLiteral("-XMP-exif:GPSLongitude=2.294481"), QStringLiteral("-IPTC:By-line=Jeanne Agent"),
         QStringLiteral("-IPTC:City=Paris"), QStringLiteral("-Orientation#=%1").arg(orientation), path});
    if (!tagged.ok() && error)
        *error = QString::fromUtf8(tagged.err);
    return tagged.ok();
}

// exiftool's view of a file, one "Group:Tag: value" per line (-G1 -a -s: every group, short names).
inline QString exiftoolDump(const QString &path)
{
    const ProcessResult dump = run(QStringLiteral("exiftool"),
                                   {QStringLiteral("-G1"), QStringLiteral("-a"), QStringLiteral("-s"),
                                    QStringLiteral("-n"), path});
    return QString::fromUtf8(dump.out);
}

enum class VideoCodec { H264Mp4, Vp8Webm };

// A video from ffmpeg's test pattern, with a tone when withAudio: H.264 + AAC in MP4 (what phones send), or VP8 +
// Vorbis in WebM (as browsers and desktop tools record it).
inline bool makeVideoAs(VideoCodec codec, const QString &path, double seconds, int width, int height, bool withAudio)
{
    const bool webm = codec == VideoCodec::Vp8Webm;
    QStringList args{QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                     QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                     QStringLiteral("testsrc=duration=%1:size=%2x%3:rate=25").arg(seconds).arg(width).arg(height)};
    if (withAudio)
        args << QStringLiteral("-f") << QStringLiteral("lavfi") << QStringLiteral("-i")
             << QStringLiteral("sine=frequency=440:sample_rate=48000:duration=%1").arg(seconds) << QStringLiteral("-c:a")
             << (webm ? QStringLiteral("libvorbis") : QStringLiteral("aac"));
    if (webm)
        args << QStringLiteral("-c:v") << QStringLiteral("libvpx") << QStringLiteral("-b:v") << QStringLiteral("300k");
    else
        args << QStringLiteral("-pix_fmt") << QStringLiteral("yuv420p") << QStringLiteral("-c:v") << QStringLiteral("libx264");
    return run(QStringLiteral("ffmpeg"), args << path).ok();
}

inline bool makeVideo(const QString &path, double seconds = 2.0, int width = 320, int height = 240,
                      bool withAudio = false)
{
    return makeVideoAs(VideoCodec::H264Mp4, path, seconds, width, height, withAudio);
}

inline bool makeWebmVideo(const QString &path, double seconds = 2.0, int width = 320, int height = 240,
                          bool withAudio = false)
{
    return makeVideoAs(VideoCodec::Vp8Webm, path, seconds, width, height, withAudio);
}

// The first frame of a video as a JPEG (a poster, as a sender's client makes one).
inline bool extractFrame(const QString &video, const QString &jpegPath)
{
    return run(QStringLiteral("ffmpeg"),
               {QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-i"),
                video, QStringLiteral("-frames:v"), QStringLiteral("1"), jpegPath})
        .ok();
}

// A sound: a 440 Hz tone (the container follows the file name's extension: .wav, .m4a, ...).
inline bool makeSound(const QString &path, double seconds = 2.0)
{
    return run(QStringLiteral("ffmpeg"),
               {QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-f"),
                QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("sine=frequency=440:duration=%1").arg(seconds), path})
        .ok();
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A 1x1 GIF89a (the classic transparent pixel; Qt reads GIF but does not write it).
inline QByteArray tinyGif()
{
    return QByteArray::fromHex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b");
}

} // namespace media_test
