// MediaContent: the typed view over received m.image / m.video / m.audio / m.file content. Valid content, plain
// and encrypted, for each type; then every malformed or misleading case, each with its own problem and a
// sentence; thumbnails that are broken are dropped without hiding the file; hostile values never crash.
#include "events/event_encryption.h"
#include "events/media_content.h"
#include "media/attachment_cipher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <utility>

using namespace estafette;

Q_DECLARE_METATYPE(estafette::MediaContent::Problem)

namespace {

using Problem = MediaContent::Problem;
const QString kUrl = QStringLiteral("mxc://example.org/AbCdEf123_-x");

// A valid v2 EncryptedFile object for `url`.
QJsonObject encryptedFile(const QString &url)
{
    auto encrypted = encryptAttachment(QByteArrayView("picture bytes"));
    if (!encrypted.ok())
        qFatal("encryptAttachment failed");
    encrypted.value.info.url = url;
    return encrypted.value.info.toJson();
}

QJsonObject image(const QJsonObject &info = {{"mimetype", "image/jpeg"}, {"w", 4000}, {"h", 3000}, {"size", 123456}})
{
    return {{"msgtype", "m.image"}, {"body", "site.jpg"}, {"url", kUrl}, {"info", info}};
}

QJsonObject with(QJsonObject o, const QString &key, const QJsonValue &value)
{
    o.insert(key, value);
    return o;
}

QJsonObject without(QJsonObject o, const QString &key)
{
    o.remove(key);
    return o;
}

QJsonObject file(const QString &name, const QString &mimetype)
{
    QJsonObject info;
    if (!mimetype.isEmpty())
        info.insert(QStringLiteral("mimetype"), mimetype);
    return {{"msgtype", "m.file"}, {"body", name}, {"url", kUrl}, {"info", info}};
}

} // namespace

class TestMediaContent : public QObject {
    Q_OBJECT
private slots:
    void plainImage()
    {
        QJsonObject info{{"mimetype", "Image/JPEG"}, {"w", 4000}, {"h", 3000}, {"size", 123456},
                         {"thumbnail_url", "mxc://example.org/thumb"},
                         {"thumbnail_info", QJsonObject{{"mimetype", "image/jpeg"}, {"w", 800}, {"h", 600}, {"size", 4567}}}};
        const MediaContent media = MediaContent::fromContent(image(info));
        QVERIFY2(media.isValid(), qPrintable(media.problemDetail()));
        QCOMPARE(media.type(), MediaContent::Type::Image);
        QCOMPARE(media.msgtype(), QStringLiteral("m.image"));
        QCOMPARE(media.source().url, kUrl);
        QVERIFY(!media.source().isEncrypted());
        QCOMPARE(media.mimeType(), QStringLiteral("image/jpeg"));
        QCOMPARE(media.size(), 123456);
        QCOMPARE(media.dimensions(), QSize(4000, 3000));
        QCOMPARE(media.durationMs(), -1);
        QCOMPARE(media.fileName(), QStringLiteral("site.jpg"));
        QVERIFY(media.caption().isEmpty());
        QVERIFY(media.problemText().isEmpty());
        QVERIFY(media.hasThumbnail());
        QCOMPARE(media.thumbnail().source.url, QStringLiteral("mxc://example.org/thumb"));
        QCOMPARE(media.thumbnail().size, QSize(800, 600));
        QCOMPARE(media.thumbnail().bytes, 4567);
        QCOMPARE(media.thumbnail().mimeType, QStringLiteral("image/jpeg"));
        QVERIFY(!media.isExecutable());
    }

    void encryptedImageAndThumbnail()
    {
        const QJsonObject fileObject = encryptedFile(QStringLiteral("mxc://example.org/cipher"));
        const QJsonObject thumbObject = encryptedFile(QStringLiteral("mxc://example.org/thumbcipher"));
        QJsonObject content{{"msgtype", "m.image"}, {"body", "site.jpg"}, {"file", fileObject},
                            {"info", QJsonObject{{"mimetype", "image/png"}, {"w", 10}, {"h", 20},
                                                 {"thumbnail_file", thumbObject},
                                                 {"thumbnail_info", QJsonObject{{"w", 5}, {"h", 10}}}}}};
        const MediaContent media = MediaContent::fromContent(content);
        QVERIFY2(media.isValid(), qPrintable(media.problemDetail()));
        QVERIFY(media.source().isEncrypted());
        QCOMPARE(media.source().url, QStringLiteral("mxc://example.org/cipher"));
        QCOMPARE(media.source().file->key.size(), 32);
        QCOMPARE(media.source().file->iv.size(), 16);
        QVERIFY(media.thumbnail().source.isEncrypted());
        QCOMPARE(media.thumbnail().source.url, QStringLiteral("mxc://example.org/thumbcipher"));
        QCOMPARE(media.thumbnail().size, QSize(5, 10));

        // "file" wins over a "url" beside it: the encrypted copy is the one the sender meant.
        const MediaContent both = MediaContent::fromContent(with(content, QStringLiteral("url"), QStringLiteral("mxc://evil.org/plain")));
        QVERIFY(both.isValid());
        QCOMPARE(both.source().url, QStringLiteral("mxc://example.org/cipher"));
        QVERIFY(both.source().isEncrypted());
    }

    void fromDecryptedEvent()
    {
        const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"sender", "@a:x"}, {"event_id", "$e"},
                                          {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
        EncryptionStatus status;
        status.encrypted = status.decrypted = true;
        const Event event = decryptedEvent(encrypted, QStringLiteral("m.room.message"), image(), status);
        QVERIFY(MediaContent::fromEvent(event).isValid());
        QCOMPARE(MediaContent::fromEvent(encrypted).problem(), Problem::NotMedia);
        QJsonObject redacted = event.json();
        redacted.insert(QStringLiteral("unsigned"), QJsonObject{{"redacted_because", QJsonObject{}}});
        QCOMPARE(MediaContent::fromEvent(Event(redacted)).problem(), Problem::NotMedia);
    }

    void videoAudioFileAndCaption()
    {
        const MediaContent video = MediaContent::fromContent(
            {{"msgtype", "m.video"}, {"body", "visit.mp4"}, {"url", kUrl},
             {"info", QJsonObject{{"mimetype", "video/mp4"}, {"w", 1280}, {"h", 720}, {"duration", 2500}}}});
        QVERIFY2(video.isValid(), qPrintable(video.problemDetail()));
        QCOMPARE(video.type(), MediaContent::Type::Video);
        QCOMPARE(video.durationMs(), 2500);
        QCOMPARE(video.dimensions(), QSize(1280, 720));

        const MediaContent audio = MediaContent::fromContent(
            {{"msgtype", "m.audio"}, {"body", "memo.ogg"}, {"url", kUrl},
             {"info", QJsonObject{{"mimetype", "audio/ogg"}, {"duration", 61000.7}, {"w", "ignored for sound"}}}});
        QVERIFY2(audio.isValid(), qPrintable(audio.problemDetail()));
        QCOMPARE(audio.durationMs(), 61000);
        QVERIFY(!audio.dimensions().isValid());

        // A caption: the body, when a filename is given and differs.
        const MediaContent captioned = MediaContent::fromContent(
            {{"msgtype", "m.file"}, {"body", "The signed contract"}, {"filename", "contract.pdf"}, {"url", kUrl},
             {"info", QJsonObject{{"mimetype", "application/pdf"}, {"size", 2048}}}});
        QVERIFY(captioned.isValid());
        QCOMPARE(captioned.type(), MediaContent::Type::File);
        QCOMPARE(captioned.fileName(), QStringLiteral("contract.pdf"));
        QCOMPARE(captioned.caption(), QStringLiteral("The signed contract"));
        const MediaContent same = MediaContent::fromContent(
            {{"msgtype", "m.file"}, {"body", "contract.pdf"}, {"filename", "contract.pdf"}, {"url", kUrl}});
        QVERIFY(same.isValid());
        QVERIFY(same.caption().isEmpty());
        QCOMPARE(same.size(), -1);
        QVERIFY(same.mimeType().isEmpty());
    }

    void notMedia()
    {
        QCOMPARE(MediaContent().problem(), Problem::NotMedia);
        QCOMPARE(MediaContent::fromContent({{"msgtype", "m.text"}, {"body", "hi"}}).problem(), Problem::NotMedia);
        QCOMPARE(MediaContent::fromContent({{"msgtype", 7}, {"url", kUrl}}).problem(), Problem::NotMedia);
        QCOMPARE(MediaContent::fromContent({}).problem(), Problem::NotMedia);
        const Event topic(QJsonObject{{"type", "m.room.topic"}, {"state_key", ""}, {"content", image()}});
        QCOMPARE(MediaContent::fromEvent(topic).problem(), Problem::NotMedia);
    }

    void mxcUris_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << kUrl << true;
        QTest::newRow("port") << "mxc://example.org:8448/abc" << true;
        QTest::newRow("ipv4") << "mxc://127.0.0.1:8008/abc" << true;
        QTest::newRow("ipv6") << "mxc://[::1]:8448/abc" << true;
        QTest::newRow("https") << "https://example.org/abc.png" << false;
        QTest::newRow("no media id") << "mxc://example.org" << false;
        QTest::newRow("empty media id") << "mxc://example.org/" << false;
        QTest::newRow("path") << "mxc://example.org/abc/def" << false;
        QTest::newRow("dot dot") << "mxc://example.org/.." << false;
        QTest::newRow("query") << "mxc://example.org/abc?x=1" << false;
        QTest::newRow("fragment") << "mxc://example.org/abc#x" << false;
        QTest::newRow("space") << "mxc://exa mple.org/abc" << false;
        QTest::newRow("user info") << "mxc://me@example.org/abc" << false;
        QTest::newRow("upper scheme") << "MXC://example.org/abc" << false;
        QTest::newRow("port too long") << "mxc://example.org:123456/abc" << false;
        QTest::newRow("newline") << "mxc://example.org/abc\n" << false;
        QTest::newRow("huge") << QStringLiteral("mxc://example.org/") + QString(5000, QLatin1Char('a')) << false;
        QTest::newRow("empty") << "" << false;
    }

    void mxcUris()
    {
        QFETCH(QString, uri);
        QFETCH(bool, valid);
        QCOMPARE(MediaContent::isValidMxcUri(uri), valid);
        const MediaContent media = MediaContent::fromContent(with(image(), QStringLiteral("url"), uri));
        QCOMPARE(media.isValid(), valid);
        if (!valid)
            QCOMPARE(media.problem(), Problem::InvalidUrl);
    }

    void malformed_data()
    {
        QTest::addColumn<QJsonObject>("content");
        QTest::addColumn<Problem>("problem");
        const QJsonObject base = image();
        const QJsonObject info = base.value(QStringLiteral("info")).toObject();
        const auto withInfo = [&](const QString &key, const QJsonValue &value) {
            return with(base, QStringLiteral("info"), with(info, key, value));
        };
        QTest::newRow("no url, no file") << without(base, QStringLiteral("url")) << Problem::MissingSource;
        QTest::newRow("null url") << with(base, QStringLiteral("url"), QJsonValue::Null) << Problem::MissingSource;
        QTest::newRow("url not a string") << with(base, QStringLiteral("url"), 42) << Problem::InvalidUrl;
        QTest::newRow("url not mxc") << with(base, QStringLiteral("url"), QStringLiteral("http://x/y")) << Problem::InvalidUrl;

        const QJsonObject valid = encryptedFile(QStringLiteral("mxc://example.org/c"));
        const QJsonObject encrypted = with(without(base, QStringLiteral("url")), QStringLiteral("file"), valid);
        QTest::newRow("file not an object") << with(encrypted, QStringLiteral("file"), QStringLiteral("x")) << Problem::InvalidEncryptedFile;
        QTest::newRow("file without key") << with(encrypted, QStringLiteral("file"), without(valid, QStringLiteral("key"))) << Problem::InvalidEncryptedFile;
        QTest::newRow("file v1") << with(encrypted, QStringLiteral("file"), with(valid, QStringLiteral("v"), QStringLiteral("v1"))) << Problem::InvalidEncryptedFile;
        QTest::newRow("file short iv") << with(encrypted, QStringLiteral("file"), with(valid, QStringLiteral("iv"), QStringLiteral("AAAA"))) << Problem::InvalidEncryptedFile;
        QTest::newRow("file without hash") << with(encrypted, QStringLiteral("file"), without(valid, QStringLiteral("hashes"))) << Problem::InvalidEncryptedFile;
        QTest::newRow("file url not mxc") << with(encrypted, QStringLiteral("file"), with(valid, QStringLiteral("url"), QStringLiteral("https://x/y"))) << Problem::InvalidUrl;

        QTest::newRow("info not an object") << with(base, QStringLiteral("info"), QStringLiteral("big")) << Problem::InvalidInfo;
        QTest::newRow("w a string") << withInfo(QStringLiteral("w"), QStringLiteral("4000")) << Problem::InvalidInfo;
        QTest::newRow("size a bool") << withInfo(QStringLiteral("size"), true) << Problem::InvalidInfo;
        QTest::newRow("mimetype a number") << withInfo(QStringLiteral("mimetype"), 3) << Problem::InvalidInfo;
        QTest::newRow("w without h") << with(base, QStringLiteral("info"), without(info, QStringLiteral("h"))) << Problem::InvalidInfo;

        QTest::newRow("w zero") << withInfo(QStringLiteral("w"), 0) << Problem::AbsurdDimensions;
        QTest::newRow("w negative") << withInfo(QStringLiteral("w"), -1) << Problem::AbsurdDimensions;
        QTest::newRow("w too wide") << withInfo(QStringLiteral("w"), 20001) << Problem::AbsurdDimensions;
        QTest::newRow("w astronomic") << withInfo(QStringLiteral("w"), 1e300) << Problem::AbsurdDimensions;
        QTest::newRow("too many pixels")
            << with(base, QStringLiteral("info"), with(with(info, QStringLiteral("w"), 15000), QStringLiteral("h"), 15000))
            << Problem::AbsurdDimensions;
        QTest::newRow("size negative") << withInfo(QStringLiteral("size"), -1) << Problem::AbsurdSize;
        QTest::newRow("size 2 TiB") << withInfo(QStringLiteral("size"), double(qint64(2) << 40)) << Problem::AbsurdSize;
        QTest::newRow("size astronomic") << withInfo(QStringLiteral("size"), 1e300) << Problem::AbsurdSize;

        const QJsonObject video{{"msgtype", "m.video"}, {"body", "v.mp4"}, {"url", kUrl},
                                {"info", QJsonObject{{"mimetype", "video/mp4"}, {"duration", -5}}}};
        QTest::newRow("duration negative") << video << Problem::AbsurdDuration;
        QTest::newRow("duration a year")
            << with(video, QStringLiteral("info"), QJsonObject{{"duration", 365.0 * 24 * 3600 * 1000}}) << Problem::AbsurdDuration;

        QTest::newRow("image that is a pdf") << withInfo(QStringLiteral("mimetype"), QStringLiteral("application/pdf")) << Problem::TypeMismatch;
        QTest::newRow("video that is a png")
            << with(video, QStringLiteral("info"), QJsonObject{{"mimetype", "image/png"}}) << Problem::TypeMismatch;
        QTest::newRow("sound that is a program")
            << QJsonObject{{"msgtype", "m.audio"}, {"body", "memo"}, {"url", kUrl},
                           {"info", QJsonObject{{"mimetype", "application/x-msdownload"}}}}
            << Problem::TypeMismatch;

        QTest::newRow("pdf named exe") << file(QStringLiteral("invoice.exe"), QStringLiteral("application/pdf")) << Problem::DisguisedExecutable;
        QTest::newRow("double extension") << file(QStringLiteral("report.pdf.exe"), QString()) << Problem::DisguisedExecutable;
        QTest::newRow("double extension, octet-stream")
            << file(QStringLiteral("photo.jpg.scr"), QStringLiteral("application/octet-stream")) << Problem::DisguisedExecutable;
        QTest::newRow("image named exe") << with(base, QStringLiteral("body"), QStringLiteral("cat.exe")) << Problem::DisguisedExecutable;
        QTest::newRow("script as text") << file(QStringLiteral("run.bat"), QStringLiteral("text/plain")) << Problem::DisguisedExecutable;
        QTest::newRow("right-to-left override")
            << file(QStringLiteral("photo\u202Egpj.exe"), QStringLiteral("image/jpeg")) << Problem::DisguisedExecutable;
        QTest::newRow("bidi in an image's name")
            << with(base, QStringLiteral("body"), QStringLiteral("site\u2066.jpg")) << Problem::DisguisedExecutable;
    }

    void malformed()
    {
        QFETCH(QJsonObject, content);
        QFETCH(Problem, problem);
        const MediaContent media = MediaContent::fromContent(content);
        QCOMPARE(media.problem(), problem);
        QVERIFY(!media.isValid());
        QVERIFY(!media.problemText().isEmpty());
        QVERIFY(!media.problemDetail().isEmpty());
        QVERIFY(!media.hasThumbnail()); // a problem is never shown as a picture
        // The detail is for logs: never the key.
        if (content.contains(QStringLiteral("file")) && content.value(QStringLiteral("file")).isObject()) {
            const QString k = content.value(QStringLiteral("file")).toObject().value(QStringLiteral("key")).toObject()
                                  .value(QStringLiteral("k")).toString();
            if (!k.isEmpty())
                QVERIFY(!media.problemDetail().contains(k));
        }
    }

    void honestProgramsAreFilesThatAskFirst()
    {
        for (const auto &[name, type] : {std::pair{"setup.exe", ""}, std::pair{"setup.exe", "application/octet-stream"},
                                        std::pair{"tool.exe", "application/x-msdownload"},
                                        std::pair{"install.sh", "application/x-sh"}}) {
            const MediaContent media = MediaContent::fromContent(file(QLatin1String(name), QLatin1String(type)));
            QVERIFY2(media.isValid(), name);
            QVERIFY2(media.isExecutable(), name);
        }
        const MediaContent pdf = MediaContent::fromContent(file(QStringLiteral("contract.pdf"), QStringLiteral("application/pdf")));
        QVERIFY(pdf.isValid());
        QVERIFY(!pdf.isExecutable());
        QVERIFY(MediaContent::fromContent(file(QStringLiteral("archive"), QStringLiteral("application/x-executable"))).isExecutable());
        QVERIFY(MediaContent::isExecutableName(QStringLiteral("App.DESKTOP")));
        QVERIFY(!MediaContent::isExecutableName(QStringLiteral("notes.txt")));
        QVERIFY(!MediaContent::isExecutableName(QStringLiteral("exe")));
    }

    void brokenThumbnailsAreDropped_data()
    {
        QTest::addColumn<QJsonObject>("info");
        const QJsonObject info{{"mimetype", "image/jpeg"}, {"w", 400}, {"h", 300}, {"thumbnail_url", "mxc://example.org/t"}};
        QTest::newRow("thumbnail url not mxc") << with(info, QStringLiteral("thumbnail_url"), QStringLiteral("https://x/t.jpg"));
        QTest::newRow("thumbnail url a number") << with(info, QStringLiteral("thumbnail_url"), 1);
        QTest::newRow("thumbnail file broken")
            << with(without(info, QStringLiteral("thumbnail_url")), QStringLiteral("thumbnail_file"), QJsonObject{{"v", "v2"}});
        QTest::newRow("thumbnail info not an object") << with(info, QStringLiteral("thumbnail_info"), 3);
        QTest::newRow("thumbnail zero wide")
            << with(info, QStringLiteral("thumbnail_info"), QJsonObject{{"w", 0}, {"h", 10}});
        QTest::newRow("thumbnail huge")
            << with(info, QStringLiteral("thumbnail_info"), QJsonObject{{"w", 1e9}, {"h", 10}});
        QTest::newRow("thumbnail of type html")
            << with(info, QStringLiteral("thumbnail_info"), QJsonObject{{"mimetype", "text/html"}});
        QTest::newRow("thumbnail size negative")
            << with(info, QStringLiteral("thumbnail_info"), QJsonObject{{"size", -3}});
    }

    void brokenThumbnailsAreDropped()
    {
        QFETCH(QJsonObject, info);
        const MediaContent media = MediaContent::fromContent(image(info));
        QVERIFY2(media.isValid(), qPrintable(media.problemDetail()));
        QVERIFY(!media.hasThumbnail());
        QVERIFY(!media.thumbnailProblem().isEmpty());
        QCOMPARE(media.dimensions(), QSize(400, 300)); // the image itself is still described
    }

    void safeFileNames()
    {
        const auto safe = [](const QString &name) {
            return MediaContent::fromContent(file(name, QString())).safeFileName();
        };
        QCOMPARE(safe(QStringLiteral("../../etc/passwd")), QStringLiteral("passwd"));
        QCOMPARE(safe(QStringLiteral("..\\..\\Windows\\win.ini")), QStringLiteral("win.ini"));
        QCOMPARE(safe(QStringLiteral(".bashrc")), QStringLiteral("bashrc"));
        QCOMPARE(safe(QStringLiteral("C:evil.txt")), QStringLiteral("Cevil.txt"));
        QCOMPARE(safe(QStringLiteral("a\tb\u202Ec.txt")), QStringLiteral("abc.txt"));
        QCOMPARE(safe(QString()), QStringLiteral("file"));
        QCOMPARE(safe(QStringLiteral("...")), QStringLiteral("file"));
        QCOMPARE(safe(QString(1000, QLatin1Char('x'))).size(), 200);
        QCOMPARE(safe(QStringLiteral("Compte rendu 12.pdf")), QStringLiteral("Compte rendu 12.pdf"));
    }

    // Every field of the content, in turn, given every JSON type and odd values: a result, never a crash.
    void hostileValuesNeverCrash()
    {
        const QList<QJsonValue> values{QJsonValue::Null, true, 0, -1, 1e308, -1e308, std::nan(""), QStringLiteral(""),
                                       QString(100000, QLatin1Char('m')), QJsonArray{1, 2}, QJsonObject{{"k", "v"}},
                                       QStringLiteral("mxc://a/b")};
        const QJsonObject thumbnailed = with(image(), QStringLiteral("info"),
                                             with(image().value(QStringLiteral("info")).toObject(),
                                                  QStringLiteral("thumbnail_info"), QJsonObject{{"w", 1}, {"h", 1}}));
        int made = 0;
        for (const QString &key : {QStringLiteral("msgtype"), QStringLiteral("body"), QStringLiteral("filename"),
                                   QStringLiteral("url"), QStringLiteral("file"), QStringLiteral("info")}) {
            for (const QJsonValue &value : values) {
                const MediaContent media = MediaContent::fromContent(with(thumbnailed, key, value));
                QVERIFY(media.isValid() || !media.problemText().isEmpty());
                ++made;
            }
        }
        const QJsonObject info = thumbnailed.value(QStringLiteral("info")).toObject();
        for (const QString &key : {QStringLiteral("mimetype"), QStringLiteral("w"), QStringLiteral("h"), QStringLiteral("size"),
                                   QStringLiteral("duration"), QStringLiteral("thumbnail_url"),
                                   QStringLiteral("thumbnail_file"), QStringLiteral("thumbnail_info")}) {
            for (const QJsonValue &value : values) {
                for (const char *msgtype : {"m.image", "m.video", "m.audio", "m.file"}) {
                    const QJsonObject content = with(with(thumbnailed, QStringLiteral("msgtype"), QLatin1String(msgtype)),
                                                     QStringLiteral("info"), with(info, key, value));
                    const MediaContent media = MediaContent::fromContent(content);
                    QVERIFY(media.isValid() || !media.problemText().isEmpty());
                    ++made;
                }
            }
        }
        QCOMPARE(made, 6 * values.size() + 8 * values.size() * 4);
    }
};

QTEST_GUILESS_MAIN(TestMediaContent)
#include "test_media_content.moc"
