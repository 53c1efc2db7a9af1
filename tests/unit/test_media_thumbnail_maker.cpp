#include "media/thumbnail_maker.h"

#include "support/media_inputs.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QTemporaryDir>
#include <QTest>

using estafette::ThumbnailMaker;

namespace {

QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes;
}

ThumbnailMaker::Thumbnail fromBytes(const QByteArray &bytes)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return ThumbnailMaker::fromDevice(&buffer);
}

QImage decode(const QByteArray &bytes, QByteArray *format = nullptr)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (format)
        *format = reader.format();
    return reader.read();
}

// Within a JPEG's tolerance of the expected colour.
bool near(QRgb actual, QColor expected)
{
    return std::abs(qRed(actual) - expected.red()) < 40 && std::abs(qGreen(actual) - expected.green()) < 40
           && std::abs(qBlue(actual) - expected.blue()) < 40;
}

const QColor Red(220, 20, 20);
const QColor Blue(20, 20, 220);
const QColor Green(20, 200, 20);

} // namespace

class TestMediaThumbnailMaker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void fittedSizes_data()
    {
        QTest::addColumn<QSize>("original");
        QTest::addColumn<QSize>("fitted");
        QTest::newRow("4:3 large") << QSize(4000, 3000) << QSize(800, 600);
        QTest::newRow("wide") << QSize(4000, 1000) << QSize(800, 200);
        QTest::newRow("tall") << QSize(1000, 3000) << QSize(200, 600);
        QTest::newRow("just over") << QSize(801, 600) << QSize(800, 599);
        QTest::newRow("small: never upscaled") << QSize(300, 200) << QSize(300, 200);
        QTest::newRow("exactly the box") << QSize(800, 600) << QSize(800, 600);
        QTest::newRow("a line: at least one pixel") << QSize(20000, 3) << QSize(800, 1);
        QTest::newRow("empty") << QSize(0, 0) << QSize();
        QTest::newRow("invalid") << QSize(-1, 5) << QSize();
    }

    void fittedSizes()
    {
        QFETCH(QSize, original);
        QFETCH(QSize, fitted);
        QCOMPARE(ThumbnailMaker::fittedSize(original), fitted);
    }

    // A phone photo held upright (orientation 6): the thumbnail is upright, as the photo is displayed.
    void orientedAsDisplayed()
    {
        const QString path = m_dir.filePath(QStringLiteral("upright.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(path, 2000, 1000, 6));
        const ThumbnailMaker::Thumbnail thumbnail = fromBytes(media_test::readBytes(path));
        QVERIFY2(thumbnail.ok(), qPrintable(thumbnail.error));
        QCOMPARE(thumbnail.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(thumbnail.size, QSize(300, 600));
        QByteArray format;
        const QImage image = decode(thumbnail.data, &format);
        QCOMPARE(format, QByteArray("jpeg"));
        QCOMPARE(image.size(), QSize(300, 600));
        // Rotated 90° clockwise: the left (red) half is on top, the right (blue) half below, the top band right.
        QVERIFY(near(image.pixel(60, 150), Red));
        QVERIFY(near(image.pixel(60, 450), Blue));
        QVERIFY(near(image.pixel(295, 300), Green));
        // Nothing of the original's metadata, not even the orientation (the pixels are already upright).
        QVERIFY(!thumbnail.data.contains("Exif"));
        QVERIFY(!thumbnail.data.contains("Jeanne"));
        QVERIFY(!thumbnail.data.contains("SN-99812345"));
    }

    void transparencyGivesPng()
    {
        QImage image = media_test::asymmetricImage(1600, 900, true); // transparent background, half-alpha blue
        image.setText(QStringLiteral("Author"), QStringLiteral("Jeanne Agent"));
        const ThumbnailMaker::Thumbnail thumbnail = fromBytes(encode(image, "PNG"));
        QVERIFY(thumbnail.ok());
        QCOMPARE(thumbnail.mimeType, QStringLiteral("image/png"));
        QCOMPARE(thumbnail.size, QSize(800, 450));
        const QImage decoded = decode(thumbnail.data);
        QCOMPARE(decoded.size(), QSize(800, 450));
        QVERIFY(decoded.hasAlphaChannel());
        QVERIFY(qAlpha(decoded.pixel(600, 400)) < 200);
        QVERIFY(!thumbnail.data.contains("Jeanne"));
        QVERIFY(!thumbnail.data.contains("tEXt"));
    }

    // An alpha channel with nothing transparent in it is a photo: JPEG is smaller.
    void opaqueAlphaGivesJpeg()
    {
        QImage image(1000, 1000, QImage::Format_ARGB32);
        image.fill(QColor(10, 120, 200));
        const ThumbnailMaker::Thumbnail thumbnail = fromBytes(encode(image, "PNG"));
        QVERIFY(thumbnail.ok());
        QCOMPARE(thumbnail.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(thumbnail.size, QSize(600, 600));
    }

    void smallImagesKeepTheirSize()
    {
        const ThumbnailMaker::Thumbnail thumbnail = fromBytes(encode(media_test::asymmetricImage(300, 200), "JPEG"));
        QVERIFY(thumbnail.ok());
        QCOMPARE(thumbnail.size, QSize(300, 200));
        QCOMPARE(decode(thumbnail.data).size(), QSize(300, 200));
    }

    void fromADecodedFrame()
    {
        const ThumbnailMaker::Thumbnail thumbnail = ThumbnailMaker::fromImage(media_test::asymmetricImage(1920, 1080));
        QVERIFY(thumbnail.ok());
        QCOMPARE(thumbnail.size, QSize(800, 450));
        const QImage image = decode(thumbnail.data);
        QVERIFY(near(image.pixel(100, 300), Red));
        QVERIFY(near(image.pixel(700, 300), Blue));
        QVERIFY(near(image.pixel(400, 20), Green));
        QVERIFY(!ThumbnailMaker::fromImage(QImage()).ok());
    }

    void undecodableInputIsAnError()
    {
        QVERIFY(!fromBytes(QByteArray()).ok());
        QVERIFY(!fromBytes("not a picture").ok());
        const QByteArray jpeg = encode(media_test::asymmetricImage(64, 64), "JPEG");
        QVERIFY(!fromBytes(jpeg.left(12)).ok()); // the header cut short
        QVERIFY(!ThumbnailMaker::fromDevice(nullptr).ok());
        QByteArray garbage = jpeg;
        for (qsizetype i = 200; i < garbage.size(); ++i)
            garbage[i] = char(0xff); // markers everywhere, no data
        fromBytes(garbage); // refused or a grey picture, as libjpeg decides: what matters is that it returns
    }

    void leavesTheDevicePositionAlone()
    {
        QByteArray bytes = QByteArray(10, 'x') + encode(media_test::asymmetricImage(50, 40), "PNG");
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        buffer.seek(10);
        QVERIFY(ThumbnailMaker::fromDevice(&buffer).ok());
        QCOMPARE(buffer.pos(), 10);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMediaThumbnailMaker)
#include "test_media_thumbnail_maker.moc"
