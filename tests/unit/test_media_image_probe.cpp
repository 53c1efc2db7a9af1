#include "media/image_probe.h"

#include "support/media_inputs.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using estafette::ImageProbe;
using Problem = ImageProbe::Problem;

namespace {

QByteArray encode(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

ImageProbe::Info probe(const QByteArray &bytes)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return ImageProbe::probe(&buffer);
}

quint32 crc32(const QByteArray &bytes)
{
    quint32 crc = 0xffffffffu;
    for (const char c : bytes) {
        crc ^= uchar(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

// A real small PNG whose IHDR is rewritten to announce other dimensions (with a valid CRC): the header says one
// thing, the data holds a few bytes. Decoding it would try to allocate the announced size.
QByteArray pngAnnouncing(quint32 width, quint32 height)
{
    QByteArray png = encode(media_test::asymmetricImage(4, 4), "PNG");
    qToBigEndian(width, png.data() + 16);
    qToBigEndian(height, png.data() + 20);
    qToBigEndian(crc32(png.mid(12, 17)), png.data() + 29);
    return png;
}

// The same for a JPEG: its SOF0 segment rewritten.
QByteArray jpegAnnouncing(quint16 width, quint16 height)
{
    QByteArray jpeg = encode(media_test::asymmetricImage(16, 16), "JPEG");
    const qsizetype sof = jpeg.indexOf(QByteArray("\xff\xc0", 2));
    Q_ASSERT(sof > 0);
    qToBigEndian(height, jpeg.data() + sof + 5);
    qToBigEndian(width, jpeg.data() + sof + 7);
    return jpeg;
}

} // namespace

class TestMediaImageProbe : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sizeAsDisplayed_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<QSize>("displayed");
        QTest::newRow("upright") << 1 << QSize(120, 80);
        QTest::newRow("upside down") << 3 << QSize(120, 80);
        QTest::newRow("rotated 90 (a phone held upright)") << 6 << QSize(80, 120);
        QTest::newRow("rotated 270") << 8 << QSize(80, 120);
        QTest::newRow("transposed") << 5 << QSize(80, 120);
    }

    void sizeAsDisplayed()
    {
        QFETCH(int, orientation);
        QFETCH(QSize, displayed);
        const QString path = m_dir.filePath(QStringLiteral("o%1.jpg").arg(orientation));
        QVERIFY(media_test::writeTaggedJpeg(path, 120, 80, orientation));
        const ImageProbe::Info info = probe(media_test::readBytes(path));
        QVERIFY2(info.ok(), qPrintable(info.detail));
        QCOMPARE(info.format, QByteArray("jpeg"));
        QCOMPARE(info.storedSize, QSize(120, 80));
        QCOMPARE(info.size, displayed);
        QCOMPARE(info.rotated, displayed != QSize(120, 80));
        QVERIFY(!info.animated);
    }

    void pngAndGif()
    {
        const ImageProbe::Info png = probe(encode(media_test::asymmetricImage(33, 21, true), "PNG"));
        QVERIFY(png.ok());
        QCOMPARE(png.format, QByteArray("png"));
        QCOMPARE(png.size, QSize(33, 21));

        const QByteArray gif = media_test::tinyGif();
        const ImageProbe::Info still = probe(gif);
        QVERIFY(still.ok());
        QCOMPARE(still.size, QSize(1, 1));
        QVERIFY(!still.animated);
        // Two frames: header and colour table (19 bytes), then graphic control + image, twice, then the trailer.
        const QByteArray frame = gif.mid(19, gif.size() - 20);
        const ImageProbe::Info animated = probe(gif.left(19) + frame + frame + ";");
        QVERIFY(animated.ok());
        QVERIFY(animated.animated);
    }

    // Decompression bombs: tiny files announcing huge pictures are refused from their header, fast.
    void absurdDimensionsAreRefusedWithoutDecoding_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("problem");
        QTest::newRow("png 30000 wide") << pngAnnouncing(30000, 10) << int(Problem::TooLarge);
        QTest::newRow("png 12000x12000 (144 Mpx)") << pngAnnouncing(12000, 12000) << int(Problem::TooLarge);
        QTest::newRow("png 10000x10000 (100 Mpx: the limit)") << pngAnnouncing(10000, 10000) << int(Problem::None);
        QTest::newRow("jpeg 65000x65000") << jpegAnnouncing(65000, 65000) << int(Problem::TooLarge);
        QTest::newRow("jpeg 20001 high") << jpegAnnouncing(100, 20001) << int(Problem::TooLarge);
        QTest::newRow("jpeg 20000 high") << jpegAnnouncing(100, 20000) << int(Problem::None);
    }

    void absurdDimensionsAreRefusedWithoutDecoding()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, problem);
        QVERIFY(bytes.size() < 2000);
        QElapsedTimer timer;
        timer.start();
        const ImageProbe::Info info = probe(bytes);
        QCOMPARE(int(info.problem), problem);
        QVERIFY(timer.elapsed() < 1000);
    }

    void notImages()
    {
        QCOMPARE(probe(QByteArray()).problem, Problem::NotAnImage);
        QCOMPARE(probe("just some text that is no picture\n").problem, Problem::NotAnImage);
        QCOMPARE(probe(encode(media_test::asymmetricImage(16, 16), "JPEG").left(12)).problem, Problem::NotAnImage);
        QCOMPARE(ImageProbe::probe(nullptr).problem, Problem::NotAnImage);
        QBuffer closed;
        QCOMPARE(ImageProbe::probe(&closed).problem, Problem::NotAnImage);
    }

    void leavesTheDevicePositionAlone()
    {
        QByteArray bytes = QByteArray(100, 'x') + encode(media_test::asymmetricImage(10, 10), "PNG");
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        buffer.seek(100);
        const ImageProbe::Info info = ImageProbe::probe(&buffer);
        QVERIFY(info.ok());
        QCOMPARE(info.size, QSize(10, 10));
        QCOMPARE(buffer.pos(), 100);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMediaImageProbe)
#include "test_media_image_probe.moc"
