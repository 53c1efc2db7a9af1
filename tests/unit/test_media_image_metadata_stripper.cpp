#include "media/image_metadata_stripper.h"

#include "support/media_inputs.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <QColorSpace>

using estafette::ImageMetadataStripper;
using Format = ImageMetadataStripper::Format;
using StripError = ImageMetadataStripper::Error;

namespace {

// What exiftool must no longer find, and the bytes that must not be anywhere in the file.
const QStringList IdentifyingTags{QStringLiteral("GPS"), QStringLiteral("SerialNumber"), QStringLiteral("OwnerName"),
                                  QStringLiteral("Artist"), QStringLiteral("Creator"), QStringLiteral("By-line"),
                                  QStringLiteral("City"), QStringLiteral("Comment"), QStringLiteral("Make"),
                                  QStringLiteral("Model"), QStringLiteral("Author")};
const QList<QByteArray> IdentifyingBytes{"Jeanne", "SN-99812345", "EstafetteCam", "Site 9", "taken at the site",
                                         "Paris"};

QStringList identifyingLines(const QString &dump)
{
    QStringList found;
    for (const QString &line : dump.split(QLatin1Char('\n'))) {
        const QString tag = line.section(QLatin1Char(':'), 0, 0).section(QLatin1Char(']'), 1).trimmed();
        for (const QString &bad : IdentifyingTags) {
            if (tag.contains(bad, Qt::CaseInsensitive))
                found << line;
        }
    }
    return found;
}

QStringList identifyingBytes(const QByteArray &file)
{
    QStringList found;
    for (const QByteArray &bad : IdentifyingBytes) {
        if (file.contains(bad))
            found << QString::fromLatin1(bad);
    }
    return found;
}

int exiftoolOrientation(const QString &dump)
{
    for (const QString &line : dump.split(QLatin1Char('\n'))) {
        if (line.contains(QLatin1String("Orientation")))
            return line.section(QLatin1Char(':'), 1).trimmed().toInt();
    }
    return 0;
}

QImage decodeRaw(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(false);
    return reader.read();
}

QSize displayedSize(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    return reader.read().size();
}

ImageMetadataStripper::Result strip(const QByteArray &in, QByteArray *out)
{
    return ImageMetadataStripper::strip(in, out);
}

QByteArray encode(const QImage &image, const char *format, int quality = -1, bool progressive = false)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    writer.setProgressiveScanWrite(progressive);
    writer.write(image);
    return bytes;
}

// A GIF extension block: introducer, label, sub-blocks, terminator.
QByteArray gifExtension(uchar label, const QByteArray &first, const QByteArray &data)
{
    QByteArray block;
    block.append(char(0x21)).append(char(label));
    if (!first.isEmpty())
        block.append(char(first.size())).append(first);
    for (qsizetype pos = 0; pos < data.size(); pos += 255) {
        const QByteArray piece = data.mid(pos, 255);
        block.append(char(piece.size())).append(piece);
    }
    block.append(char(0));
    return block;
}

} // namespace

class TestMediaImageMetadataStripper : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void detectsFormats()
    {
        QCOMPARE(ImageMetadataStripper::detect(encode(media_test::asymmetricImage(8, 8), "JPEG")), Format::Jpeg);
        QCOMPARE(ImageMetadataStripper::detect(encode(media_test::asymmetricImage(8, 8), "PNG")), Format::Png);
        QCOMPARE(ImageMetadataStripper::detect(media_test::tinyGif()), Format::Gif);
        QCOMPARE(ImageMetadataStripper::detect(QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16)), Format::WebP);
        QCOMPARE(ImageMetadataStripper::detect(QByteArray("RIFF\x10\0\0\0WAVEfmt ", 16)), Format::Other);
        QCOMPARE(ImageMetadataStripper::detect(encode(media_test::asymmetricImage(8, 8), "BMP")), Format::Other);
        QCOMPARE(ImageMetadataStripper::detect(QByteArray()), Format::Other);
    }

    // The case the issue is about: a phone photo carrying where it was taken, by whom, with what.
    void jpegLosesGpsSerialAndOwnerButKeepsOrientation_data()
    {
        QTest::addColumn<int>("orientation");
        // 1 (no tag needed), a mirror, and both rotations that swap width and height (exiftool takes ~1 s a run).
        for (int o : {1, 2, 6, 8})
            QTest::addRow("orientation %d", o) << o;
    }

    void jpegLosesGpsSerialAndOwnerButKeepsOrientation()
    {
        QFETCH(int, orientation);
        const QString input = m_dir.filePath(QStringLiteral("tagged-%1.jpg").arg(orientation));
        QString error;
        QVERIFY2(media_test::writeTaggedJpeg(input, 120, 80, orientation, &error), qPrintable(error));
        const QString before = media_test::exiftoolDump(input);
        QVERIFY2(before.contains(QLatin1String("GPSLatitude")), qPrintable(before)); // the test input is real
        QVERIFY(before.contains(QLatin1String("SerialNumber")));
        QVERIFY(before.contains(QLatin1String("OwnerName")));
        QCOMPARE(exiftoolOrientation(before), orientation);
        const QByteArray original = media_test::readBytes(input);

        QByteArray stripped;
        const auto result = strip(original, &stripped);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.format, Format::Jpeg);
        QCOMPARE(result.orientation, orientation);
        QVERIFY(result.removed >= 3); // Exif, XMP, IPTC/Photoshop, comment
        QVERIFY(stripped.size() < original.size());

        const QString output = m_dir.filePath(QStringLiteral("stripped-%1.jpg").arg(orientation));
        QVERIFY(media_test::writeBytes(output, stripped));
        const QString after = media_test::exiftoolDump(output);
        QVERIFY2(identifyingLines(after).isEmpty(), qPrintable(identifyingLines(after).join(QLatin1Char('\n'))));
        QVERIFY2(identifyingBytes(stripped).isEmpty(), qPrintable(identifyingBytes(stripped).join(QLatin1Char(','))));
        QVERIFY2(!after.contains(QLatin1String("[XMP")) && !after.contains(QLatin1String("[IPTC")),
                 qPrintable(after));
        QVERIFY(!after.contains(QLatin1String("Warning")));
        QCOMPARE(exiftoolOrientation(after), orientation == 1 ? 0 : orientation); // 1 needs no tag at all

        // The pixels are untouched (same entropy-coded data), and the picture still shows the same way up.
        const QImage rawBefore = decodeRaw(original);
        QVERIFY(!rawBefore.isNull());
        QCOMPARE(decodeRaw(stripped), rawBefore);
        QCOMPARE(displayedSize(stripped), displayedSize(original));
        QCOMPARE(displayedSize(stripped), orientation >= 5 ? QSize(80, 120) : QSize(120, 80));
    }

    void stripsAProgressiveJpegWithSeveralScans()
    {
        const QByteArray original = encode(media_test::asymmetricImage(300, 200), "JPEG", 85, true);
        const QString input = m_dir.filePath(QStringLiteral("progressive.jpg"));
        QVERIFY(media_test::writeBytes(input, original));
        QVERIFY(media_test::run(QStringLiteral("exiftool"),
                                {QStringLiteral("-q"), QStringLiteral("-overwrite_original"),
                                 QStringLiteral("-GPSLatitude=1.5"), QStringLiteral("-OwnerName=Jeanne Agent"), input})
                    .ok());
        const QByteArray tagged = media_test::readBytes(input);
        QVERIFY(tagged.contains("Jeanne"));
        QVERIFY(QByteArray(tagged).count(QByteArray("\xff\xda", 2)) > 1); // really several scans
        QByteArray stripped;
        QVERIFY(strip(tagged, &stripped).ok());
        QVERIFY(identifyingBytes(stripped).isEmpty());
        QVERIFY(identifyingLines(media_test::exiftoolDump(input)).size() > 0);
        QCOMPARE(decodeRaw(stripped), decodeRaw(tagged));
    }

    // Data after the end of the image (appended videos, MPF secondary images with their own Exif) is dropped.
    void dropsWhatFollowsTheEndOfAJpeg()
    {
        const QString input = m_dir.filePath(QStringLiteral("trailing.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(input, 40, 30, 1));
        const QByteArray tagged = media_test::readBytes(input);
        const QByteArray withTrailer = tagged + tagged + QByteArray("Jeanne's hidden motion clip");
        QByteArray stripped;
        const auto result = strip(withTrailer, &stripped);
        QVERIFY(result.ok());
        QVERIFY(stripped.endsWith("\xff\xd9"));
        QCOMPARE(stripped.count(QByteArray("\xff\xd8", 2)), 1);
        QVERIFY(identifyingBytes(stripped).isEmpty());
        QCOMPARE(decodeRaw(stripped), decodeRaw(tagged));
    }

    // Colour information is not identifying and is kept: an ICC profile survives.
    void keepsTheIccProfile()
    {
        const QString input = m_dir.filePath(QStringLiteral("icc.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(input, 40, 30, 1));
        QImage withProfile = media_test::asymmetricImage(40, 30);
        withProfile.setColorSpace(QColorSpace::DisplayP3);
        const QByteArray original = encode(withProfile, "JPEG", 90);
        QVERIFY(original.contains("ICC_PROFILE"));
        QByteArray stripped;
        QVERIFY(strip(original, &stripped).ok());
        QVERIFY(stripped.contains("ICC_PROFILE"));
        QVERIFY(stripped.startsWith(QByteArray("\xff\xd8\xff\xe0", 4))); // JFIF stays first
        QBuffer buffer(&stripped);
        buffer.open(QIODevice::ReadOnly);
        QCOMPARE(QImageReader(&buffer).read().colorSpace(), QColorSpace(QColorSpace::DisplayP3));
    }

    void pngLosesTextExifAndTime()
    {
        QImage image = media_test::asymmetricImage(60, 40, true);
        image.setText(QStringLiteral("Author"), QStringLiteral("Jeanne Agent"));
        image.setText(QStringLiteral("Comment"), QStringLiteral("taken at the site"));
        const QString input = m_dir.filePath(QStringLiteral("tagged.png"));
        QVERIFY(image.save(input, "PNG"));
        QVERIFY(media_test::run(QStringLiteral("exiftool"),
                                {QStringLiteral("-q"), QStringLiteral("-overwrite_original"),
                                 QStringLiteral("-EXIF:GPSLatitude=48.85"), QStringLiteral("-EXIF:GPSLatitudeRef=N"),
                                 QStringLiteral("-EXIF:SerialNumber=SN-99812345"),
                                 QStringLiteral("-EXIF:Orientation#=3"), QStringLiteral("-XMP-dc:Creator=Jeanne Agent"),
                                 QStringLiteral("-PNG:ModifyDate=2024:01:02 03:04:05"), input})
                    .ok());
        const QByteArray tagged = media_test::readBytes(input);
        const QString before = media_test::exiftoolDump(input);
        QVERIFY2(before.contains(QLatin1String("GPSLatitude")) && tagged.contains("eXIf"), qPrintable(before));

        QByteArray stripped;
        const auto result = strip(tagged, &stripped);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.format, Format::Png);
        QCOMPARE(result.orientation, 3);
        const QString output = m_dir.filePath(QStringLiteral("stripped.png"));
        QVERIFY(media_test::writeBytes(output, stripped));
        const QString after = media_test::exiftoolDump(output);
        QVERIFY2(identifyingLines(after).isEmpty(), qPrintable(after));
        QVERIFY(identifyingBytes(stripped).isEmpty());
        QVERIFY(!stripped.contains("tEXt") && !stripped.contains("iTXt") && !stripped.contains("zTXt"));
        QVERIFY(!stripped.contains("tIME"));
        QVERIFY2(!after.contains(QLatin1String("Warning")), qPrintable(after)); // CRCs and layout valid
        QCOMPARE(exiftoolOrientation(after), 3);
        QCOMPARE(decodeRaw(stripped).convertToFormat(QImage::Format_ARGB32),
                 decodeRaw(tagged).convertToFormat(QImage::Format_ARGB32));
    }

    void webpLosesExifAndXmp()
    {
        const QString png = m_dir.filePath(QStringLiteral("for-webp.png"));
        QVERIFY(media_test::asymmetricImage(64, 48).save(png, "PNG"));
        const QString input = m_dir.filePath(QStringLiteral("tagged.webp"));
        QVERIFY(media_test::run(QStringLiteral("ffmpeg"), {QStringLiteral("-y"), QStringLiteral("-loglevel"),
                                                           QStringLiteral("error"), QStringLiteral("-i"), png,
                                                           QStringLiteral("-c:v"), QStringLiteral("libwebp"), input})
                    .ok());
        QVERIFY(media_test::run(QStringLiteral("exiftool"),
                                {QStringLiteral("-q"), QStringLiteral("-overwrite_original"),
                                 QStringLiteral("-EXIF:GPSLatitude=48.85"), QStringLiteral("-EXIF:GPSLatitudeRef=N"),
                                 QStringLiteral("-EXIF:OwnerName=Jeanne Agent"), QStringLiteral("-EXIF:Orientation#=6"),
                                 QStringLiteral("-XMP-dc:Creator=Jeanne Agent"), input})
                    .ok());
        const QByteArray tagged = media_test::readBytes(input);
        QVERIFY(tagged.contains("EXIF") && tagged.contains("XMP ") && tagged.contains("VP8X"));

        QByteArray stripped;
        const auto result = strip(tagged, &stripped);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.format, Format::WebP);
        QCOMPARE(result.orientation, 6);
        QVERIFY(!stripped.contains("XMP "));
        QVERIFY(identifyingBytes(stripped).isEmpty());
        const QString output = m_dir.filePath(QStringLiteral("stripped.webp"));
        QVERIFY(media_test::writeBytes(output, stripped));
        const QString after = media_test::exiftoolDump(output);
        QVERIFY2(identifyingLines(after).isEmpty(), qPrintable(after));
        QVERIFY2(!after.contains(QLatin1String("Warning")), qPrintable(after));
        QCOMPARE(exiftoolOrientation(after), 6);
        // RIFF size and VP8X flags consistent: the XMP flag (0x04) is cleared, the Exif flag (0x08) still set.
        QCOMPARE(qint64(qFromLittleEndian<quint32>(stripped.constData() + 4)) + 8, qint64(stripped.size()));
        const qsizetype vp8x = stripped.indexOf("VP8X");
        QVERIFY(vp8x > 0);
        QCOMPARE(uchar(stripped.at(vp8x + 8)) & 0x0c, 0x08);

        // The picture itself decodes to the same pixels (ffmpeg's decoder, since Qt may lack a WebP plugin).
        auto pixels = [](const QString &file) {
            return media_test::run(QStringLiteral("ffmpeg"), {QStringLiteral("-loglevel"), QStringLiteral("error"),
                                                              QStringLiteral("-i"), file, QStringLiteral("-f"),
                                                              QStringLiteral("rawvideo"), QStringLiteral("-")})
                .out;
        };
        const QByteArray decoded = pixels(input);
        QVERIFY(!decoded.isEmpty());
        QCOMPARE(pixels(output), decoded);
    }

    void webpWithoutOrientationHasNoExifLeft()
    {
        const QString png = m_dir.filePath(QStringLiteral("for-webp1.png"));
        QVERIFY(media_test::asymmetricImage(32, 32).save(png, "PNG"));
        const QString input = m_dir.filePath(QStringLiteral("tagged1.webp"));
        QVERIFY(media_test::run(QStringLiteral("ffmpeg"), {QStringLiteral("-y"), QStringLiteral("-loglevel"),
                                                           QStringLiteral("error"), QStringLiteral("-i"), png,
                                                           QStringLiteral("-c:v"), QStringLiteral("libwebp"), input})
                    .ok());
        QVERIFY(media_test::run(QStringLiteral("exiftool"),
                                {QStringLiteral("-q"), QStringLiteral("-overwrite_original"),
                                 QStringLiteral("-EXIF:GPSLatitude=48.85"), QStringLiteral("-EXIF:GPSLatitudeRef=N"),
                                 input})
                    .ok());
        QByteArray stripped;
        QVERIFY(strip(media_test::readBytes(input), &stripped).ok());
        QVERIFY(!stripped.contains("EXIF"));
        const qsizetype vp8x = stripped.indexOf("VP8X");
        QVERIFY(vp8x > 0);
        QCOMPARE(uchar(stripped.at(vp8x + 8)) & 0x0c, 0);
    }

    void gifLosesCommentsAndUnknownApplicationData()
    {
        const QByteArray gif = media_test::tinyGif();
        // Header (6) + screen descriptor (7) + global colour table (2 entries, 6 bytes) = 19 bytes, then blocks.
        const QByteArray head = gif.left(19);
        const QByteArray rest = gif.mid(19);
        const QByteArray loop = gifExtension(0xff, "NETSCAPE2.0", QByteArray("\x01\x00\x00", 3));
        const QByteArray xmp = gifExtension(0xff, "XMP DataXMP", QByteArray("<x:creator>Jeanne Agent</x:creator>"));
        const QByteArray comment = gifExtension(0xfe, {}, QByteArray("taken at the site ").repeated(30));
        const QByteArray tagged = head + loop + comment + xmp + rest + "trailing Jeanne";
        QVERIFY(!decodeRaw(tagged).isNull());

        QByteArray stripped;
        const auto result = strip(tagged, &stripped);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.format, Format::Gif);
        QCOMPARE(result.removed, 3);
        QCOMPARE(stripped, head + loop + rest);
        QCOMPARE(decodeRaw(stripped), decodeRaw(gif));
    }

    void otherFormatsAreCopiedUnchanged()
    {
        const QByteArray bmp = encode(media_test::asymmetricImage(30, 20), "BMP");
        QByteArray out;
        const auto result = strip(bmp, &out);
        QVERIFY(result.ok());
        QCOMPARE(result.format, Format::Other);
        QCOMPARE(out, bmp);
        QVERIFY(strip(QByteArray(), &out).ok());
        QVERIFY(out.isEmpty());
    }

    // A large image passes through in pieces of at most 1 MiB, and a failing sink stops it.
    void streamsInBoundedPieces()
    {
        QImage noise(2400, 1800, QImage::Format_RGB32);
        QRandomGenerator rng(5);
        for (int y = 0; y < noise.height(); ++y) {
            auto *line = reinterpret_cast<quint32 *>(noise.scanLine(y));
            for (int x = 0; x < noise.width(); ++x)
                line[x] = rng.generate();
        }
        for (const char *format : {"JPEG", "PNG"}) {
            const QByteArray big = encode(noise, format, 100);
            QVERIFY(big.size() > 3 * 1024 * 1024);
            QBuffer buffer;
            buffer.setData(big);
            buffer.open(QIODevice::ReadOnly);
            qsizetype largest = 0;
            QByteArray out;
            const auto result = ImageMetadataStripper::strip(buffer, [&](QByteArrayView piece) {
                largest = std::max(largest, piece.size());
                out.append(piece);
                return true;
            });
            QVERIFY(result.ok());
            QVERIFY(largest <= 1024 * 1024);
            QCOMPARE(out, big); // nothing to strip in what Qt wrote but JFIF/pHYs
            buffer.seek(0);
            int calls = 0;
            const auto failed = ImageMetadataStripper::strip(buffer, [&](QByteArrayView) { return ++calls < 2; });
            QCOMPARE(failed.error, StripError::WriteFailed);
        }
    }

    void exifOrientationParsing()
    {
        // Little-endian TIFF, one IFD with two entries: ImageWidth then Orientation = 8.
        const QByteArray le = QByteArray::fromHex("49492a0008000000" "0200" "000103000100000040000000"
                                                  "120103000100000008000000" "00000000");
        QCOMPARE(ImageMetadataStripper::exifOrientation(le), 8);
        QCOMPARE(ImageMetadataStripper::exifOrientation(QByteArray("Exif\0\0", 6) + le), 8);
        const QByteArray be = QByteArray::fromHex("4d4d002a00000008" "0001" "011200030000000100050000" "00000000");
        QCOMPARE(ImageMetadataStripper::exifOrientation(be), 5);
        QCOMPARE(ImageMetadataStripper::exifOrientation(be.left(20)), 0);          // entry cut short
        QCOMPARE(ImageMetadataStripper::exifOrientation(QByteArray("MM\0\x2a", 4)), 0);
        QByteArray bad = be;
        bad[19] = 9; // not an orientation
        QCOMPARE(ImageMetadataStripper::exifOrientation(bad), 0);
        QByteArray farIfd = be;
        farIfd[7] = char(0xf0); // IFD offset beyond the block
        QCOMPARE(ImageMetadataStripper::exifOrientation(farIfd), 0);
        QCOMPARE(ImageMetadataStripper::exifOrientation(QByteArray()), 0);
    }

    void malformedInputIsAnErrorNotACrash()
    {
        QByteArray out;
        // JPEG: segment lengths that cannot be.
        QCOMPARE(strip(QByteArray("\xff\xd8\xff\xe1\x00\x01", 6), &out).error, StripError::Malformed);
        QCOMPARE(strip(QByteArray("\xff\xd8\xff\xe1\x00\x00", 6), &out).error, StripError::Malformed);
        QCOMPARE(strip(QByteArray("\xff\xd8\xff\xe1\xff\xff" "abc", 9), &out).error, StripError::Malformed);
        QCOMPARE(strip(QByteArray("\xff\xd8\xff", 3), &out).error, StripError::Malformed);
        QCOMPARE(strip(QByteArray("\xff\xd8\xff\xd9", 4), &out).error, StripError::Malformed); // no image data
        QCOMPARE(strip(QByteArray("\xff\xd8\xff\xdb\x00\x04\x00\x00garbage", 15), &out).error, StripError::Malformed);
        // PNG: a chunk longer than the file, an absurd length, a type that is not letters, no IEND.
        const QByteArray sig("\x89PNG\r\n\x1a\n", 8);
        QCOMPARE(strip(sig + QByteArray("\x00\x00\x10\x00IHDR", 8), &out).error, StripError::Malformed);
        QCOMPARE(strip(sig + QByteArray("\xff\xff\xff\xffIHDR", 8), &out).error, StripError::Malformed);
        QCOMPARE(strip(sig + QByteArray("\x00\x00\x00\x00I\x01DR\0\0\0\0", 12), &out).error, StripError::Malformed);
        QCOMPARE(strip(sig, &out).error, StripError::Malformed);
        // WebP: RIFF size beyond the file, a chunk beyond the RIFF.
        QCOMPARE(strip(QByteArray("RIFF\xff\xff\x00\x00WEBPVP8 \x00\x00\x00\x00", 20), &out).error,
                 StripError::Malformed);
        QCOMPARE(strip(QByteArray("RIFF\x0c\x00\x00\x00WEBPVP8 \xff\x00\x00\x00", 20), &out).error,
                 StripError::Malformed);
        // GIF: no trailer, a sub-block longer than the file.
        QCOMPARE(strip(media_test::tinyGif().chopped(1), &out).error, StripError::Malformed);
        QCOMPARE(strip(media_test::tinyGif().left(19) + QByteArray("\x21\xfe\xff" "abc", 6), &out).error,
                 StripError::Malformed);
    }

    // Every prefix of real files, and random corruptions of them: never a crash, never a hang.
    void truncationsAndCorruptionsTerminate()
    {
        const QString jpegPath = m_dir.filePath(QStringLiteral("fuzz.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(jpegPath, 48, 32, 6));
        QImage pngImage = media_test::asymmetricImage(24, 16, true);
        pngImage.setText(QStringLiteral("Author"), QStringLiteral("x"));
        const QList<QByteArray> seeds{media_test::readBytes(jpegPath), encode(pngImage, "PNG"),
                                      encode(media_test::asymmetricImage(16, 16), "JPEG", 50, true),
                                      media_test::tinyGif()};
        QElapsedTimer timer;
        timer.start();
        QByteArray out;
        int failures = 0;
        for (const QByteArray &seed : seeds) {
            for (qsizetype n = 0; n < seed.size(); n += (n < 600 ? 1 : 37))
                failures += strip(seed.left(n), &out).ok() ? 0 : 1;
            QRandomGenerator rng(11);
            for (int i = 0; i < 1500; ++i) {
                QByteArray mutated = seed;
                const int flips = 1 + rng.bounded(8);
                for (int f = 0; f < flips; ++f)
                    mutated[rng.bounded(int(mutated.size()))] = char(rng.bounded(256));
                const auto result = strip(mutated, &out);
                if (result.ok() && result.format == Format::Jpeg)
                    QVERIFY(out.startsWith(QByteArray("\xff\xd8", 2)));
            }
        }
        QVERIFY(failures > 0); // truncated headers are refused, not passed through
        QVERIFY2(timer.elapsed() < 60000, "the stripper is far too slow on small inputs");
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMediaImageMetadataStripper)
#include "test_media_image_metadata_stripper.moc"
