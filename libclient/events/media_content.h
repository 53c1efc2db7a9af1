#pragma once

#include "events/event.h"
#include "media/attachment_cipher.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMetaType>
#include <QSize>
#include <QString>

#include <optional>

namespace estafette {

// The msgtypes of m.room.message that carry a file.
inline constexpr QLatin1String kMsgtypeImage{"m.image"};
inline constexpr QLatin1String kMsgtypeVideo{"m.video"};
inline constexpr QLatin1String kMsgtypeAudio{"m.audio"};
inline constexpr QLatin1String kMsgtypeFile{"m.file"};

// A typed view over the content of a received m.image, m.video, m.audio or m.file message: where its bytes are
// (an mxc:// URI, or an encrypted `file`), what the sender says of them (`info`: mimetype, size, w, h,
// duration), its thumbnail, its file name and caption. Everything is validated once, when made: content that is
// malformed or misleading (no address, an address that is not mxc, a damaged `file`, absurd dimensions, an
// "image" that is a PDF, a "PDF" named .exe…) has a problem() and is shown as a file card saying what is wrong,
// never as content. Never throws, whatever the input. Cheap to copy.
class MediaContent {
    Q_DECLARE_TR_FUNCTIONS(MediaContent)
public:
    enum class Type { Image, Video, Audio, File };

    enum class Problem {
        None,
        NotMedia,             // not an m.room.message whose msgtype is one of the four above
        MissingSource,        // neither "url" nor "file"
        InvalidUrl,           // "url" (or file.url) is not a valid mxc:// URI
        InvalidEncryptedFile, // "file" is not a valid v2 EncryptedFile (see EncryptedFileInfo::fromJson)
        InvalidInfo,          // "info", or one of the fields used here, has the wrong JSON type
        AbsurdDimensions,     // w or h not within 1…kMaxSide, or more than kMaxPixels in all
        AbsurdSize,           // size negative or above kMaxBytes
        AbsurdDuration,       // duration negative or above kMaxDurationMs
        TypeMismatch,         // the msgtype and the mimetype disagree (an m.image of type application/pdf)
        DisguisedExecutable,  // a program dressed as something else ("report.pdf.exe", an "image" named .exe)
    };

    // Where the bytes of the file (or its thumbnail) are.
    struct Source {
        QString url;                           // mxc://server/media-id; for an encrypted file, file->url
        std::optional<EncryptedFileInfo> file; // set when the bytes are encrypted (key, IV, SHA-256)
        bool isEncrypted() const { return file.has_value(); }
        bool isEmpty() const { return url.isEmpty(); }
    };

    struct Thumbnail {
        Source source;
        QString mimeType;
        QSize size;        // invalid when not announced
        qint64 bytes = -1; // -1 when not announced
    };

    static constexpr int kMaxSide = 20000;
    static constexpr qint64 kMaxPixels = 100'000'000;
    static constexpr qint64 kMaxBytes = qint64(1) << 40;             // 1 TiB
    static constexpr qint64 kMaxDurationMs = qint64(7) * 24 * 3600 * 1000; // a week

    MediaContent() = default; // Problem::NotMedia

    // An m.room.message (decrypted already, for an encrypted room) whose msgtype is a media one.
    static MediaContent fromEvent(const Event &event);
    // The content object of such a message.
    static MediaContent fromContent(const QJsonObject &content);
    // Our own message shown before the server has it: its file may not be uploaded yet, so having no "url" or
    // "file" is no problem there (source() is then empty); anything else is checked as for a received one.
    static MediaContent fromLocalEcho(const Event &echo);

    static bool isMediaMsgtype(const QString &msgtype);
    // mxc://<server name>/<media id> as the spec allows them: a DNS name, an IPv4 address or a bracketed IPv6
    // address with an optional port, and a media id of [A-Za-z0-9_-]; nothing else (no path, query, spaces).
    static bool isValidMxcUri(const QString &uri);
    // A name whose extension runs as a program when opened (.exe, .bat, .sh, .desktop, .jar, …).
    static bool isExecutableName(const QString &fileName);
    static bool isExecutableMimeType(const QString &mimeType);

    Type type() const { return m_type; }
    QString msgtype() const;
    bool isValid() const { return m_problem == Problem::None; }
    Problem problem() const { return m_problem; }
    // What is wrong, as a sentence for the person (translated); empty when valid.
    QString problemText() const;
    // What is wrong, for logs (field names and values, never key material); empty when valid.
    QString problemDetail() const { return m_problemDetail; }

    const Source &source() const { return m_source; }
    // The file's name: "filename", else "body".
    QString fileName() const { return m_fileName; }
    // fileName() made safe to offer in a Save dialog: no folders, no control or bidirectional characters, no
    // leading dots; "file" when nothing is left.
    QString safeFileName() const;
    // The caption: "body" when "filename" is given and differs from it; empty otherwise.
    QString caption() const { return m_caption; }
    QString mimeType() const { return m_mimeType; }  // lower case; empty when not announced
    qint64 size() const { return m_size; }           // bytes; -1 when not announced
    QSize dimensions() const { return m_dimensions; } // invalid when not announced (m.image, m.video only)
    qint64 durationMs() const { return m_durationMs; } // -1 when not announced (m.video, m.audio only)

    bool hasThumbnail() const { return m_thumbnail.has_value(); }
    const Thumbnail &thumbnail() const; // only when hasThumbnail()
    // Why a thumbnail the sender announced was left out (for logs); the file itself is still shown.
    QString thumbnailProblem() const { return m_thumbnailProblem; }

    // A program by its name or type: opening it must ask first.
    bool isExecutable() const;

private:
    static MediaContent parse(const QJsonObject &content, bool sourceRequired);
    void setProblem(Problem problem, const QString &detail);
    void readInfo(const QJsonObject &content);
    void readThumbnail(const QJsonObject &info);
    void checkType();

    Type m_type = Type::File;
    Problem m_problem = Problem::NotMedia;
    QString m_problemDetail;
    Source m_source;
    QString m_fileName;
    QString m_caption;
    QString m_mimeType;
    qint64 m_size = -1;
    QSize m_dimensions;
    qint64 m_durationMs = -1;
    std::optional<Thumbnail> m_thumbnail;
    QString m_thumbnailProblem;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::MediaContent)
