// The event content of an uploaded attachment, for each msgtype, in the clear (url, info.thumbnail_url) and for
// an encrypted room (file, info.thumbnail_file), as the spec describes them; nothing when an upload is missing or
// was made for the other form; the local echo's content holds no URL and no key.
#include "media/attachment_content.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace estafette;

namespace {

StagedFile staged(const QString &name, qint64 size, char seed)
{
    StagedFile f;
    f.fileName = name;
    f.size = size;
    f.cipher.key = QByteArray(32, seed);
    f.cipher.iv = QByteArray(8, char(seed + 1)) + QByteArray(8, '\0');
    f.cipher.sha256 = QByteArray(32, char(seed + 2));
    return f;
}

OutgoingAttachment image(bool encrypted)
{
    OutgoingAttachment a;
    a.msgtype = QStringLiteral("m.image");
    a.fileName = QStringLiteral("tableau blanc.jpg");
    a.mimeType = QStringLiteral("image/jpeg");
    a.file = staged(QStringLiteral("staging/aa"), 123456, 'a');
    a.width = 4000;
    a.height = 3000;
    a.thumbnail = staged(QStringLiteral("staging/bb"), 2345, 'b');
    a.thumbnailMimeType = QStringLiteral("image/jpeg");
    a.thumbnailWidth = 800;
    a.thumbnailHeight = 600;
    a.thumbnailUrl = QStringLiteral("mxc://example.org/thumbID");
    a.fileUrl = QStringLiteral("mxc://example.org/fileID");
    a.uploadedEncrypted = encrypted;
    return a;
}

// The shapes the spec gives these contents.
QJsonObject thumbnailInfo()
{
    return QJsonObject{{"mimetype", "image/jpeg"}, {"size", 2345}, {"w", 800}, {"h", 600}};
}

QJsonObject imagePlainContent()
{
    return QJsonObject{
        {"msgtype", "m.image"},
        {"body", "tableau blanc.jpg"},
        {"filename", "tableau blanc.jpg"},
        {"url", "mxc://example.org/fileID"},
        {"info", QJsonObject{{"mimetype", "image/jpeg"}, {"size", 123456}, {"w", 4000}, {"h", 3000},
                             {"thumbnail_url", "mxc://example.org/thumbID"}, {"thumbnail_info", thumbnailInfo()}}},
    };
}

QJsonObject videoInfo()
{
    return QJsonObject{{"mimetype", "video/mp4"}, {"size", 5000000}, {"w", 1280}, {"h", 720}, {"duration", 2000},
                       {"thumbnail_url", "mxc://example.org/thumbID"}, {"thumbnail_info", thumbnailInfo()}};
}

QJsonObject audioInfo()
{
    return QJsonObject{{"mimetype", "video/mp4"}, {"size", 5000000}, {"duration", 2000}};
}

QJsonObject fileInfo()
{
    return QJsonObject{{"mimetype", "video/mp4"}, {"size", 5000000}};
}


QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestAttachmentContent : public QObject {
    Q_OBJECT
private slots:
    void imagePlain()
    {
        const auto content = attachmentContent(image(false), false);
        QVERIFY(content);
        QCOMPARE(compact(*content), compact(imagePlainContent()));
    }

    void captionIsTheBody()
    {
        OutgoingAttachment a = image(false);
        a.caption = QStringLiteral("Le tableau après la réunion");
        const auto content = attachmentContent(a, false);
        QVERIFY(content);
        QCOMPARE(content->value("body").toString(), QStringLiteral("Le tableau après la réunion"));
        QCOMPARE(content->value("filename").toString(), QStringLiteral("tableau blanc.jpg"));
    }

    void imageEncrypted()
    {
        const OutgoingAttachment a = image(true);
        const auto content = attachmentContent(a, true);
        QVERIFY(content);
        QVERIFY(!content->contains("url"));
        QCOMPARE(content->value("msgtype").toString(), QStringLiteral("m.image"));
        QCOMPARE(content->value("body").toString(), QStringLiteral("tableau blanc.jpg"));
        const QJsonObject file = content->value("file").toObject();
        QCOMPARE(file.value("v").toString(), QStringLiteral("v2"));
        QCOMPARE(file.value("url").toString(), QStringLiteral("mxc://example.org/fileID"));
        const QJsonObject jwk = file.value("key").toObject();
        QCOMPARE(jwk.value("alg").toString(), QStringLiteral("A256CTR"));
        QCOMPARE(jwk.value("kty").toString(), QStringLiteral("oct"));
        QCOMPARE(jwk.value("key_ops").toArray(), (QJsonArray{"encrypt", "decrypt"}));
        QVERIFY(jwk.value("ext").toBool());
        // What a recipient parses back is the staged file's key, IV and hash.
        const auto parsed = EncryptedFileInfo::fromJson(file);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value.key, a.file.cipher.key);
        QCOMPARE(parsed.value.iv, a.file.cipher.iv);
        QCOMPARE(parsed.value.sha256, a.file.cipher.sha256);

        const QJsonObject info = content->value("info").toObject();
        QVERIFY(!info.contains("thumbnail_url"));
        QCOMPARE(info.value("mimetype").toString(), QStringLiteral("image/jpeg"));
        QCOMPARE(info.value("size").toInteger(), 123456);
        QCOMPARE(info.value("w").toInt(), 4000);
        QCOMPARE(info.value("h").toInt(), 3000);
        const auto thumb = EncryptedFileInfo::fromJson(info.value("thumbnail_file").toObject());
        QVERIFY(thumb.ok());
        QCOMPARE(thumb.value.url, QStringLiteral("mxc://example.org/thumbID"));
        QCOMPARE(thumb.value.key, a.thumbnail.cipher.key);
        QCOMPARE(compact(info.value("thumbnail_info").toObject()),
                 compact(thumbnailInfo()));
    }

    void videoAudioFile_data()
    {
        QTest::addColumn<QString>("msgtype");
        QTest::addColumn<bool>("encrypted");
        QTest::addColumn<QJsonObject>("info");
        // The attachment has w/h, a duration and a thumbnail; each type keeps what the spec gives it.
        QTest::newRow("video") << QStringLiteral("m.video") << false << videoInfo();
        QTest::newRow("audio") << QStringLiteral("m.audio") << false << audioInfo();
        QTest::newRow("file") << QStringLiteral("m.file") << false << fileInfo();
        QTest::newRow("audio encrypted") << QStringLiteral("m.audio") << true << audioInfo();
        QTest::newRow("file encrypted") << QStringLiteral("m.file") << true << fileInfo();
    }

    void videoAudioFile()
    {
        QFETCH(QString, msgtype);
        QFETCH(bool, encrypted);
        QFETCH(QJsonObject, info);
        OutgoingAttachment a;
        a.msgtype = msgtype;
        a.fileName = QStringLiteral("visite.mp4");
        a.mimeType = QStringLiteral("video/mp4");
        a.file = staged(QStringLiteral("staging/cc"), 5000000, 'c');
        a.width = 1280;
        a.height = 720;
        a.durationMs = 2000;
        if (msgtype == QLatin1String("m.video")) {
            a.thumbnail = staged(QStringLiteral("staging/dd"), 2345, 'd');
            a.thumbnailMimeType = QStringLiteral("image/jpeg");
            a.thumbnailWidth = 800;
            a.thumbnailHeight = 600;
            a.thumbnailUrl = QStringLiteral("mxc://example.org/thumbID");
        }
        a.fileUrl = QStringLiteral("mxc://example.org/fileID");
        a.uploadedEncrypted = encrypted;
        const auto content = attachmentContent(a, encrypted);
        QVERIFY(content);
        QCOMPARE(content->value("msgtype").toString(), msgtype);
        QCOMPARE(content->value("body").toString(), QStringLiteral("visite.mp4"));
        QCOMPARE(content->value("filename").toString(), QStringLiteral("visite.mp4"));
        QCOMPARE(compact(content->value("info").toObject()), compact(info));
        QCOMPARE(content->contains("url"), !encrypted);
        QCOMPARE(content->contains("file"), encrypted);
        if (encrypted)
            QVERIFY(EncryptedFileInfo::fromJson(content->value("file").toObject()).ok());
    }

    void nothingWithoutEveryUpload()
    {
        OutgoingAttachment a = image(false);
        a.fileUrl.clear();
        QVERIFY(!attachmentContent(a, false)); // the file never arrived
        a = image(false);
        a.thumbnailUrl.clear();
        QVERIFY(!attachmentContent(a, false)); // its thumbnail never arrived
        a.thumbnail = {};
        QVERIFY(attachmentContent(a, false)); // an image without a thumbnail is fine
        for (const char *bad : {"https://example.org/fileID", "mxc://example.org", "mxc://example.org/",
                                "mxc:///fileID", "mxc://example.org/a/b", "mxc://example.org/a b", "MXC://e/x"}) {
            a.fileUrl = QString::fromLatin1(bad);
            QVERIFY2(!attachmentContent(a, false), bad);
        }
        a = image(false);
        a.msgtype = QStringLiteral("m.text");
        QVERIFY(!attachmentContent(a, false));
    }

    void nothingForTheOtherForm()
    {
        // Plaintext uploads are never named in an encrypted room, nor keys sent in the clear.
        QVERIFY(!attachmentContent(image(false), true));
        QVERIFY(!attachmentContent(image(true), false));
        OutgoingAttachment a = image(true);
        a.file.cipher.key.chop(1);
        QVERIFY(!attachmentContent(a, true));
        a = image(true);
        a.thumbnail.cipher.sha256.clear();
        QVERIFY(!attachmentContent(a, true));
    }

    void echoHasNoUrlNorKey()
    {
        const OutgoingAttachment a = image(true);
        const QJsonObject echo = attachmentEchoContent(a);
        QCOMPARE(echo.value("msgtype").toString(), QStringLiteral("m.image"));
        QCOMPARE(echo.value("body").toString(), QStringLiteral("tableau blanc.jpg"));
        QCOMPARE(echo.value("info").toObject().value("w").toInt(), 4000);
        const QByteArray text = QJsonDocument(echo).toJson();
        QVERIFY(!text.contains("mxc://"));
        QVERIFY(!text.contains("\"file\""));
        QVERIFY(!text.contains("\"url\""));
        QVERIFY(!text.contains("thumbnail_file"));
        QVERIFY(!text.contains(a.file.cipher.key.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    }
};

QTEST_GUILESS_MAIN(TestAttachmentContent)
#include "test_attachment_content.moc"
