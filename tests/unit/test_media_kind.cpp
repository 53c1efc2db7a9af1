#include "media/media_kind.h"

#include "support/media_inputs.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QMimeDatabase>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using estafette::MediaKind;
using Kind = MediaKind::Kind;

Q_DECLARE_METATYPE(MediaKind::Kind)

class TestMediaKind : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QImage(media_test::asymmetricImage(64, 48)).save(path("photo.jpg"), "JPEG"));
        QVERIFY(QImage(media_test::asymmetricImage(64, 48, true)).save(path("drawing.png"), "PNG"));
        QVERIFY(QImage(media_test::asymmetricImage(64, 48)).save(path("scan.bmp"), "BMP"));
        QVERIFY(media_test::writeBytes(path("anim.gif"), media_test::tinyGif()));
        QVERIFY(media_test::writeBytes(path("logo.svg"),
                                       "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                       "width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n"));
        QVERIFY(media_test::makeVideo(path("visit.mp4"), 0.5));
        QVERIFY(media_test::makeSound(path("memo.wav"), 0.5));
        QVERIFY(media_test::writeBytes(path("table.csv"), "name,size\nreport,12\nphoto,34\n"));
        QVERIFY(media_test::writeBytes(path("notes.pdf"), "This is plain text, not a PDF at all.\n"));
        QVERIFY(media_test::writeBytes(path("real.pdf"), "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                                                         "trailer\n<< /Root 1 0 R >>\n%%EOF\n"));
        // A zip container named as a Word document: the name refines what the content is.
        QVERIFY(media_test::writeBytes(path("letter.docx"), QByteArray("PK\x03\x04", 4) + QByteArray(60, '\x01')));
        QFile::copy(QStringLiteral("/bin/true"), path("invoice.pdf")); // an executable posing as a PDF
        QVERIFY(QFile::exists(path("invoice.pdf")));
        QVERIFY(QFile::copy(path("photo.jpg"), path("renamed.png"))); // JPEG bytes under a PNG name
    }

    void msgtypeNames()
    {
        QCOMPARE(MediaKind::msgtype(Kind::Image), QStringLiteral("m.image"));
        QCOMPARE(MediaKind::msgtype(Kind::Video), QStringLiteral("m.video"));
        QCOMPARE(MediaKind::msgtype(Kind::Audio), QStringLiteral("m.audio"));
        QCOMPARE(MediaKind::msgtype(Kind::File), QStringLiteral("m.file"));
    }

    void mimeAndKindOfRealFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("mime");
        QTest::addColumn<MediaKind::Kind>("kind");
        QTest::addColumn<MediaKind::Kind>("kindAsFile");
        QTest::newRow("jpeg") << "photo.jpg" << "image/jpeg" << Kind::Image << Kind::File;
        QTest::newRow("png") << "drawing.png" << "image/png" << Kind::Image << Kind::File;
        QTest::newRow("gif") << "anim.gif" << "image/gif" << Kind::Image << Kind::File;
        QTest::newRow("bmp: not shown inline") << "scan.bmp" << "image/bmp" << Kind::File << Kind::File;
        QTest::newRow("svg: never an inline image") << "logo.svg" << "image/svg+xml" << Kind::File << Kind::File;
        QTest::newRow("mp4") << "visit.mp4" << "video/mp4" << Kind::Video << Kind::Video;
        QTest::newRow("wav") << "memo.wav" << "audio/x-wav" << Kind::Audio << Kind::Audio;
        QTest::newRow("csv (text refined by the name)") << "table.csv" << "text/csv" << Kind::File << Kind::File;
        QTest::newRow("text named .pdf") << "notes.pdf" << "text/plain" << Kind::File << Kind::File;
        QTest::newRow("real pdf") << "real.pdf" << "application/pdf" << Kind::File << Kind::File;
        QTest::newRow("docx (zip refined by the name)")
            << "letter.docx" << "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            << Kind::File << Kind::File;
        QTest::newRow("jpeg named .png") << "renamed.png" << "image/jpeg" << Kind::Image << Kind::File;
    }

    void mimeAndKindOfRealFiles()
    {
        QFETCH(QString, name);
        QFETCH(QString, mime);
        QFETCH(MediaKind::Kind, kind);
        QFETCH(MediaKind::Kind, kindAsFile);
        const QMimeType type = MediaKind::mimeTypeForFile(path(name));
        QCOMPARE(type.name(), mime);
        QCOMPARE(MediaKind::kindFor(type, false), kind);
        QCOMPARE(MediaKind::kindFor(type, true), kindAsFile);
    }

    void anExecutableNamedPdfIsNotAPdf()
    {
        const QMimeType type = MediaKind::mimeTypeForFile(path("invoice.pdf"));
        QVERIFY2(type.name() != QLatin1String("application/pdf"), qPrintable(type.name()));
        QVERIFY2(type.inherits(QStringLiteral("application/x-executable"))
                     || type.inherits(QStringLiteral("application/x-sharedlib")),
                 qPrintable(type.name()));
        QCOMPARE(MediaKind::kindFor(type, false), Kind::File);
    }

    // The name shown to the person may differ from the path (a staged copy, a file picked from a portal).
    void theDisplayNameRefinesNotThePath()
    {
        QVERIFY(QFile::copy(path("table.csv"), path("blob")));
        QCOMPARE(MediaKind::mimeTypeForFile(path("blob")).name(), QStringLiteral("text/plain"));
        QCOMPARE(MediaKind::mimeTypeForFile(path("blob"), QStringLiteral("table.csv")).name(),
                 QStringLiteral("text/csv"));
        QCOMPARE(MediaKind::mimeTypeForFile(path("photo.jpg"), QStringLiteral("photo.exe")).name(),
                 QStringLiteral("image/jpeg"));
    }

    // Content nobody recognises keeps the name's type (nothing better is known); no name: octet-stream.
    void unrecognisedContent()
    {
        QByteArray noise(4096, Qt::Uninitialized);
        QRandomGenerator rng(3);
        for (char &c : noise)
            c = char(rng.bounded(1, 256));
        noise[0] = '\x01'; // no magic a type could claim
        QCOMPARE(MediaKind::mimeTypeForData(noise, QStringLiteral("data.bin")).name(),
                 QStringLiteral("application/octet-stream"));
        QCOMPARE(MediaKind::mimeTypeForData(noise, QString()).name(), QStringLiteral("application/octet-stream"));
        QCOMPARE(MediaKind::mimeTypeForData(noise, QStringLiteral("minutes.odt")).name(),
                 QStringLiteral("application/vnd.oasis.opendocument.text"));
        QCOMPARE(MediaKind::kindFor(MediaKind::mimeTypeForData(noise, QString()), false), Kind::File);
    }

    void pastedImageData()
    {
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(media_test::asymmetricImage(20, 10).save(&buffer, "PNG"));
        const QMimeType type = MediaKind::mimeTypeForData(png, QStringLiteral("image.png"));
        QCOMPARE(type.name(), QStringLiteral("image/png"));
        QCOMPARE(MediaKind::kindFor(type, false), Kind::Image);
        // JPEG bytes pasted under a PNG name are a JPEG.
        QCOMPARE(MediaKind::mimeTypeForData(media_test::readBytes(path("photo.jpg")), QStringLiteral("image.png")).name(),
                 QStringLiteral("image/jpeg"));
    }

    // Inline only what this Qt decodes: WebP depends on the image formats plugin being installed.
    void webpFollowsTheInstalledDecoders()
    {
        const QMimeType webp = QMimeDatabase().mimeTypeForName(QStringLiteral("image/webp"));
        QVERIFY(webp.isValid());
        const bool decodable = QImageReader::supportedMimeTypes().contains("image/webp");
        QCOMPARE(MediaKind::kindFor(webp, false), decodable ? Kind::Image : Kind::File);
        QCOMPARE(MediaKind::kindFor(QMimeType(), false), Kind::File);
    }

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMediaKind)
#include "test_media_kind.moc"
