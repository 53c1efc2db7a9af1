#include "media/image_metadata_stripper.h"

#include <QBuffer>

#include <array>
#include <cstring>
#include <vector>

namespace estafette {

namespace {

using Error = ImageMetadataStripper::Error;
using Format = ImageMetadataStripper::Format;
using Result = ImageMetadataStripper::Result;
using Sink = ImageMetadataStripper::Sink;

constexpr qsizetype OutChunk = qsizetype(1) << 20;
constexpr qsizetype ReadChunk = qsizetype(64) << 10;
constexpr qsizetype MaxJpegHeader = qsizetype(16) << 20; // kept segments before the first scan
constexpr qsizetype MaxExif = qsizetype(1) << 20;         // an Exif block read for its orientation
constexpr std::size_t MaxWebpChunks = 1'000'000;

struct Failure {
    Error error;
    QString detail;
};

// Buffered reading from a device, so a JPEG's entropy-coded data is scanned a block at a time.
class Input {
public:
    explicit Input(QIODevice &device) : m_device(device) {}

    // At least n bytes buffered from the cursor; false when the input ends first.
    bool ensure(qsizetype n)
    {
        if (available() >= n)
            return true;
        if (m_pos > 0) {
            m_buffer.remove(0, m_pos);
            m_pos = 0;
        }
        while (m_buffer.size() < n) {
            const qsizetype want = std::max(n - m_buffer.size(), ReadChunk);
            const qsizetype old = m_buffer.size();
            m_buffer.resize(old + want);
            const qint64 got = m_device.read(m_buffer.data() + old, want);
            m_buffer.resize(old + std::max<qint64>(got, 0));
            if (got < 0)
                m_readError = true;
            if (got <= 0)
                return false;
        }
        return true;
    }
    qsizetype available() const { return m_buffer.size() - m_pos; }
    const uchar *data() const { return reinterpret_cast<const uchar *>(m_buffer.constData()) + m_pos; }
    uchar at(qsizetype i) const { return data()[i]; }
    void advance(qsizetype n) { m_pos += n; }
    bool readError() const { return m_readError; }

    bool take(qsizetype n, QByteArray *out)
    {
        if (!ensure(n))
            return false;
        *out = QByteArray(reinterpret_cast<const char *>(data()), n);
        m_pos += n;
        return true;
    }

    // Passes n bytes on (to write, when given) without holding more than ~1 MiB.
    template <typename Write>
    bool pass(qint64 n, Write &&write)
    {
        while (n > 0) {
            if (available() == 0 && !ensure(std::min<qint64>(n, OutChunk)))
                if (available() == 0)
                    return false;
            const qsizetype step = qsizetype(std::min<qint64>(n, available()));
            if (!write(QByteArrayView(data(), step)))
                return false;
            m_pos += step;
            n -= step;
        }
        return true;
    }
    bool skip(qint64 n)
    {
        return pass(n, [](QByteArrayView) { return true; });
    }

private:
    QIODevice &m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_readError = false;
};

// Gathers small writes into pieces of at most 1 MiB for the sink.
class Output {
public:
    explicit Output(const Sink &sink) : m_sink(sink) {}
    bool write(QByteArrayView bytes)
    {
        if (m_failed)
            return false;
        while (!bytes.isEmpty()) {
            const qsizetype room = OutChunk - m_buffer.size();
            const qsizetype n = std::min(room, bytes.size());
            m_buffer.append(bytes.first(n));
            bytes = bytes.sliced(n);
            if (m_buffer.size() >= OutChunk && !flush())
                return false;
        }
        return true;
    }
    bool flush()
    {
        if (m_failed)
            return false;
        if (!m_buffer.isEmpty() && !m_sink(m_buffer))
            m_failed = true;
        m_buffer.clear();
        return !m_failed;
    }
    bool failed() const { return m_failed; }

private:
    const Sink &m_sink;
    QByteArray m_buffer;
    bool m_failed = false;
};

quint16 be16(const uchar *p) { return quint16((p[0] << 8) | p[1]); }
quint32 be32(const uchar *p) { return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3]; }
quint32 le32(const uchar *p) { return (quint32(p[3]) << 24) | (quint32(p[2]) << 16) | (quint32(p[1]) << 8) | p[0]; }

QByteArray bytesBe32(quint32 v)
{
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    return QByteArray(b, 4);
}
QByteArray bytesLe32(quint32 v)
{
    const char b[4] = {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
    return QByteArray(b, 4);
}

bool startsWith(QByteArrayView bytes, const char *prefix, qsizetype n)
{
    return bytes.size() >= n && std::memcmp(bytes.data(), prefix, size_t(n)) == 0;
}

// A TIFF block with one IFD holding one entry: Orientation (0x0112, SHORT, 1 value). Big-endian.
QByteArray minimalTiff(int orientation)
{
    static const char head[] = {'M', 'M', 0, 0x2a, 0, 0, 0, 8, // header, IFD0 at offset 8
                                0, 1,                          // one entry
                                0x01, 0x12, 0, 3, 0, 0, 0, 1}; // Orientation, SHORT, count 1
    QByteArray tiff(head, sizeof head);
    tiff.append(char(0)).append(char(orientation)).append(char(0)).append(char(0)); // the value, left-justified
    tiff.append(QByteArray(4, '\0'));                                                  // no next IFD
    return tiff;
}

// PNG chunk CRC (ISO 3309 CRC-32 over type and data).
quint32 crc32(QByteArrayView bytes)
{
    quint32 crc = 0xffffffffu;
    for (const char c : bytes) {
        crc ^= uchar(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

// ---- JPEG -------------------------------------------------------------------------------------------------------

// Markers of the standard with no length field.
bool isStandalone(uchar marker) { return (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01; }

// Whether an APPn/COM segment with this payload stays: only what describes colour, never who, where or with what.
bool keepJpegSegment(uchar marker, QByteArrayView payload)
{
    if (marker == 0xe0)
        return startsWith(payload, "JFIF\0", 5);
    if (marker == 0xe2)
        return startsWith(payload, "ICC_PROFILE\0", 12);
    if (marker == 0xee)
        return startsWith(payload, "Adobe", 5); // the colour transform CMYK/YCCK decoders need
    return !(marker >= 0xe0 && marker <= 0xef) && marker != 0xfe;
}

// Copies entropy-coded data up to the next marker (left at the cursor). False at the end of the input.
bool copyScan(Input &in, Output &out)
{
    for (;;) {
        if (in.available() == 0 && !in.ensure(1))
            return false;
        const uchar *p = in.data();
        const qsizetype n = in.available();
        const void *ff = std::memchr(p, 0xff, size_t(n));
        if (!ff) {
            if (!out.write(QByteArrayView(p, n)))
                return false;
            in.advance(n);
            continue;
        }
        const qsizetype at = static_cast<const uchar *>(ff) - p;
        if (at > 0 && !out.write(QByteArrayView(p, at)))
            return false;
        in.advance(at);
        if (!in.ensure(2))
            return false; // a lone 0xFF at the very end: truncated, dropped
        const uchar next = in.at(1);
        if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) { // stuffed byte or restart marker: still data
            if (!out.write(QByteArrayView(in.data(), 2)))
                return false;
            in.advance(2);
        } else if (next == 0xff) {
            in.advance(1); // fill byte before a marker
        } else {
            return true;
        }
    }
}

Result stripJpeg(Input &in, Output &out)
{
    Result result;
    result.format = Format::Jpeg;
    auto fail = [&result](Error error, const QString &detail) {
        result.error = error;
        result.detail = detail;
        return result;
    };
    if (!in.ensure(2) || in.at(0) != 0xff || in.at(1) != 0xd8)
        return fail(Error::Malformed, QStringLiteral("no JPEG start of image"));
    in.advance(2);

    // Kept segments before the first scan are held so the orientation can be put back right after SOI/JFIF.
    QByteArray header("\xff\xd8", 2);
    qsizetype exifAt = header.size();
    bool headerWritten = false;
    bool orientationSeen = false;
    auto put = [&](QByteArrayView bytes) {
        if (headerWritten)
            return out.write(bytes);
        header.append(bytes);
        return header.size() <= MaxJpegHeader;
    };

    for (;;) {
        if (!in.ensure(1)) {
            if (in.readError())
                return fail(Error::ReadFailed, QStringLiteral("read error"));
            if (!headerWritten)
                return fail(Error::Malformed, QStringLiteral("the JPEG ends before its image data"));
            break; // truncated after image data: keep what is there, without anything after it
        }
        if (in.at(0) != 0xff)
            return fail(Error::Malformed, QStringLiteral("bytes between JPEG segments"));
        while (in.ensure(2) && in.at(1) == 0xff)
            in.advance(1); // fill bytes
        if (!in.ensure(2))
            return fail(Error::Malformed, QStringLiteral("truncated JPEG marker"));
        const uchar marker = in.at(1);
        in.advance(2);
        if (marker == 0x00 || marker == 0xd8)
            return fail(Error::Malformed, QStringLiteral("unexpected JPEG marker %1").arg(marker, 2, 16));
        const char markerBytes[2] = {char(0xff), char(marker)};
        if (marker == 0xd9) { // end of image: whatever follows is not the image
            if (!headerWritten)
                return fail(Error::Malformed, QStringLiteral("the JPEG ends before its image data"));
            if (!out.write(QByteArrayView(markerBytes, 2)))
                return fail(Error::WriteFailed, QStringLiteral("write failed"));
            if (in.ensure(1))
                ++result.removed; // trailing data dropped
            break;
        }
        if (isStandalone(marker)) {
            if (!put(QByteArrayView(markerBytes, 2)))
                return fail(Error::Malformed, QStringLiteral("JPEG header too large"));
            continue;
        }
        if (!in.ensure(2))
            return fail(Error::Malformed, QStringLiteral("truncated JPEG segment"));
        const quint16 length = be16(in.data());
        if (length < 2)
            return fail(Error::Malformed, QStringLiteral("JPEG segment length %1").arg(length));
        QByteArray segment;
        if (!in.take(length, &segment))
            return fail(Error::Malformed, QStringLiteral("truncated JPEG segment"));
        const QByteArrayView payload = QByteArrayView(segment).sliced(2);

        if (marker == 0xe1 && !orientationSeen && startsWith(payload, "Exif\0", 5)) {
            orientationSeen = true;
            const int orientation = ImageMetadataStripper::exifOrientation(payload);
            result.orientation = orientation == 0 ? 1 : orientation;
        }
        if (!keepJpegSegment(marker, payload)) {
            ++result.removed;
            continue;
        }
        if (!put(QByteArrayView(markerBytes, 2)) || !put(segment))
            return fail(headerWritten ? Error::WriteFailed : Error::Malformed,
                        headerWritten ? QStringLiteral("write failed") : QStringLiteral("JPEG header too large"));
        if (marker == 0xe0 && exifAt == 2)
            exifAt = header.size(); // the Exif goes after the JFIF APP0 that must come first

        if (marker == 0xda) { // start of scan: write the header, then the entropy-coded data
            if (!headerWritten) {
                if (result.orientation != 1) {
                    const QByteArray tiff = minimalTiff(result.orientation);
                    const int segmentLength = 2 + 6 + int(tiff.size());
                    QByteArray app1("\xff\xe1", 2);
                    app1.append(char(segmentLength >> 8)).append(char(segmentLength & 0xff));
                    app1.append("Exif\0\0", 6).append(tiff);
                    header.insert(exifAt, app1);
                }
                headerWritten = true;
                if (!out.write(header))
                    return fail(Error::WriteFailed, QStringLiteral("write failed"));
                header.clear();
            }
            if (!copyScan(in, out)) {
                if (out.failed())
                    return fail(Error::WriteFailed, QStringLiteral("write failed"));
                if (in.readError())
                    return fail(Error::ReadFailed, QStringLiteral("read error"));
                break; // truncated inside the image data: keep what there is
            }
        }
    }
    if (!out.flush())
        return fail(Error::WriteFailed, QStringLiteral("write failed"));
    return result;
}

// ---- PNG --------------------------------------------------------------------------------------------------------

bool keepPngAncillary(QByteArrayView type)
{
    static const char *const kept[] = {"tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "cICP", "pHYs", "sBIT",
                                       "bKGD", "hIST", "sPLT", "mDCv", "cLLi", "acTL", "fcTL", "fdAT"};
    for (const char *name : kept) {
        if (std::memcmp(type.data(), name, 4) == 0)
            return true;
    }
    return false;
}

bool isChunkType(QByteArrayView type)
{
    for (const char c : type) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    }
    return true;
}

Result stripPng(Input &in, Output &out)
{
    Result result;
    result.format = Format::Png;
    auto fail = [&result](Error error, const QString &detail) {
        result.error = error;
        result.detail = detail;
        return result;
    };
    auto write = [&out](QByteArrayView bytes) { return out.write(bytes); };
    QByteArray signature;
    if (!in.take(8, &signature) || signature != QByteArrayView("\x89PNG\r\n\x1a\n", 8))
        return fail(Error::Malformed, QStringLiteral("no PNG signature"));
    if (!out.write(signature))
        return fail(Error::WriteFailed, QStringLiteral("write failed"));
    bool orientationSeen = false;
    for (;;) {
        QByteArray head;
        if (!in.take(8, &head))
            return fail(in.readError() ? Error::ReadFailed : Error::Malformed, QStringLiteral("PNG without IEND"));
        const quint32 length = be32(reinterpret_cast<const uchar *>(head.constData()));
        const QByteArrayView type = QByteArrayView(head).sliced(4, 4);
        if (length > 0x7fffffffu || !isChunkType(type))
            return fail(Error::Malformed, QStringLiteral("bad PNG chunk"));
        const bool critical = type[0] >= 'A' && type[0] <= 'Z';
        if (type == QByteArrayView("eXIf")) {
            // Read for its orientation (when small enough to be a real one), then dropped.
            if (!orientationSeen && length <= MaxExif) {
                QByteArray exif;
                if (!in.take(length, &exif))
                    return fail(Error::Malformed, QStringLiteral("truncated PNG chunk"));
                orientationSeen = true;
                const int orientation = ImageMetadataStripper::exifOrientation(exif);
                result.orientation = orientation == 0 ? 1 : orientation;
                if (!in.skip(4))
                    return fail(Error::Malformed, QStringLiteral("truncated PNG chunk"));
                if (result.orientation != 1) {
                    const QByteArray body = QByteArray("eXIf") + minimalTiff(result.orientation);
                    if (!out.write(bytesBe32(quint32(body.size() - 4)) + body + bytesBe32(crc32(body))))
                        return fail(Error::WriteFailed, QStringLiteral("write failed"));
                }
            } else if (!in.skip(qint64(length) + 4)) {
                return fail(Error::Malformed, QStringLiteral("truncated PNG chunk"));
            }
            ++result.removed;
            continue;
        }
        if (critical || keepPngAncillary(type)) {
            if (!out.write(head))
                return fail(Error::WriteFailed, QStringLiteral("write failed"));
            if (!in.pass(qint64(length) + 4, write))
                return fail(out.failed() ? Error::WriteFailed : Error::Malformed, QStringLiteral("truncated PNG chunk"));
        } else {
            if (!in.skip(qint64(length) + 4))
                return fail(Error::Malformed, QStringLiteral("truncated PNG chunk"));
            ++result.removed;
        }
        if (type == QByteArrayView("IEND")) {
            if (in.ensure(1))
                ++result.removed; // trailing data dropped
            break;
        }
    }
    if (!out.flush())
        return fail(Error::WriteFailed, QStringLiteral("write failed"));
    return result;
}

// ---- WebP -------------------------------------------------------------------------------------------------------

struct WebpChunk {
    std::array<char, 4> fourcc;
    qint64 offset; // of the chunk header
    quint32 size;  // of its payload, without the padding byte
};

bool isFourcc(const WebpChunk &chunk, const char *name) { return std::memcmp(chunk.fourcc.data(), name, 4) == 0; }

bool keepWebpChunk(const WebpChunk &chunk)
{
    static const char *const kept[] = {"VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"};
    for (const char *name : kept) {
        if (isFourcc(chunk, name))
            return true;
    }
    return false;
}

// Two passes over a seekable input: the chunk list (and the orientation) first, since the VP8X flags and the RIFF
// size at the start depend on what is dropped later in the file.
Result stripWebp(QIODevice &device, Output &out)
{
    Result result;
    result.format = Format::WebP;
    auto fail = [&result](Error error, const QString &detail) {
        result.error = error;
        result.detail = detail;
        return result;
    };
    if (device.isSequential())
        return fail(Error::ReadFailed, QStringLiteral("WebP needs a seekable input"));
    const qint64 start = device.pos();
    const QByteArray riff = device.read(12);
    if (riff.size() != 12 || !riff.startsWith("RIFF") || riff.mid(8, 4) != "WEBP")
        return fail(Error::Malformed, QStringLiteral("no RIFF/WEBP header"));
    const qint64 end = start + 8 + qint64(le32(reinterpret_cast<const uchar *>(riff.constData()) + 4));
    if (end > start + device.size() || end < start + 12)
        return fail(Error::Malformed, QStringLiteral("RIFF size beyond the file"));

    std::vector<WebpChunk> chunks;
    qint64 pos = start + 12;
    bool orientationSeen = false;
    while (pos < end) {
        if (end - pos < 8 || !device.seek(pos))
            return fail(Error::Malformed, QStringLiteral("truncated WebP chunk"));
        const QByteArray head = device.read(8);
        if (head.size() != 8)
            return fail(Error::Malformed, QStringLiteral("truncated WebP chunk"));
        WebpChunk chunk{};
        std::memcpy(chunk.fourcc.data(), head.constData(), 4);
        chunk.offset = pos;
        chunk.size = le32(reinterpret_cast<const uchar *>(head.constData()) + 4);
        const qint64 padded = qint64(chunk.size) + (chunk.size & 1u);
        if (padded > end - pos - 8)
            return fail(Error::Malformed, QStringLiteral("WebP chunk beyond the file"));
        if (isFourcc(chunk, "EXIF") && !orientationSeen && chunk.size <= MaxExif) {
            orientationSeen = true;
            const QByteArray exif = device.read(chunk.size);
            if (exif.size() != qsizetype(chunk.size))
                return fail(Error::Malformed, QStringLiteral("truncated WebP chunk"));
            const int orientation = ImageMetadataStripper::exifOrientation(exif);
            result.orientation = orientation == 0 ? 1 : orientation;
        }
        chunks.push_back(chunk);
        if (chunks.size() > MaxWebpChunks)
            return fail(Error::Malformed, QStringLiteral("too many WebP chunks"));
        pos += 8 + padded;
    }

    const bool extended = !chunks.empty() && isFourcc(chunks.front(), "VP8X");
    const bool keepOrientation = extended && result.orientation != 1; // only the extended format carries Exif
    QByteArray exifChunk;
    if (keepOrientation) {
        const QByteArray tiff = minimalTiff(result.orientation);
        exifChunk = QByteArray("EXIF") + bytesLe32(quint32(tiff.size())) + tiff;
        if (tiff.size() & 1)
            exifChunk.append('\0');
    }
    qint64 riffSize = 4 + exifChunk.size();
    for (const WebpChunk &chunk : chunks) {
        if (keepWebpChunk(chunk))
            riffSize += 8 + qint64(chunk.size) + (chunk.size & 1u);
        else
            ++result.removed;
    }
    if (riffSize > 0xffffffffLL)
        return fail(Error::Malformed, QStringLiteral("WebP too large"));
    if (device.size() > end)
        ++result.removed; // trailing data dropped

    if (!out.write(QByteArray("RIFF") + bytesLe32(quint32(riffSize)) + QByteArray("WEBP")))
        return fail(Error::WriteFailed, QStringLiteral("write failed"));
    auto write = [&out](QByteArrayView bytes) { return out.write(bytes); };
    for (const WebpChunk &chunk : chunks) {
        if (!keepWebpChunk(chunk))
            continue;
        if (!device.seek(chunk.offset))
            return fail(Error::ReadFailed, QStringLiteral("seek failed"));
        Input in(device);
        const qint64 total = 8 + qint64(chunk.size) + (chunk.size & 1u);
        if (isFourcc(chunk, "VP8X") && chunk.size >= 10) {
            QByteArray vp8x;
            if (!in.take(qsizetype(total), &vp8x))
                return fail(Error::Malformed, QStringLiteral("truncated VP8X"));
            char flags = vp8x.at(8);
            flags = char(flags & ~0x04); // no XMP
            if (!keepOrientation)
                flags = char(flags & ~0x08); // no Exif
            vp8x[8] = flags;
            if (!out.write(vp8x))
                return fail(Error::WriteFailed, QStringLiteral("write failed"));
        } else if (!in.pass(total, write)) {
            return fail(out.failed() ? Error::WriteFailed : Error::Malformed, QStringLiteral("truncated WebP chunk"));
        }
    }
    if (!out.write(exifChunk) || !out.flush())
        return fail(Error::WriteFailed, QStringLiteral("write failed"));
    return result;
}

// ---- GIF --------------------------------------------------------------------------------------------------------

// Data sub-blocks up to their terminator, passed on (keep) or dropped.
bool passSubBlocks(Input &in, Output &out, bool keep)
{
    for (;;) {
        if (!in.ensure(1))
            return false;
        const uchar size = in.at(0);
        if (!in.ensure(1 + size))
            return false;
        if (keep && !out.write(QByteArrayView(in.data(), 1 + size)))
            return false;
        in.advance(1 + size);
        if (size == 0)
            return true;
    }
}

Result stripGif(Input &in, Output &out)
{
    Result result;
    result.format = Format::Gif;
    auto fail = [&result, &out](const QString &detail) {
        result.error = out.failed() ? Error::WriteFailed : Error::Malformed;
        result.detail = detail;
        return result;
    };
    if (!in.ensure(13))
        return fail(QStringLiteral("truncated GIF header"));
    int colourTable = (in.at(10) & 0x80) ? 3 * (2 << (in.at(10) & 7)) : 0;
    if (!in.ensure(13 + colourTable) || !out.write(QByteArrayView(in.data(), 13 + colourTable)))
        return fail(QStringLiteral("truncated GIF header"));
    in.advance(13 + colourTable);
    for (;;) {
        if (!in.ensure(1))
            return fail(QStringLiteral("GIF without trailer"));
        const uchar introducer = in.at(0);
        if (introducer == 0x3b) {
            if (!out.write(QByteArrayView(in.data(), 1)))
                return fail(QStringLiteral("write failed"));
            in.advance(1);
            if (in.ensure(1))
                ++result.removed; // trailing data dropped
            break;
        }
        if (introducer == 0x2c) { // image: descriptor, local colour table, LZW code size, data
            if (!in.ensure(10))
                return fail(QStringLiteral("truncated GIF image"));
            colourTable = (in.at(9) & 0x80) ? 3 * (2 << (in.at(9) & 7)) : 0;
            if (!in.ensure(11 + colourTable) || !out.write(QByteArrayView(in.data(), 11 + colourTable)))
                return fail(QStringLiteral("truncated GIF image"));
            in.advance(11 + colourTable);
            if (!passSubBlocks(in, out, true))
                return fail(QStringLiteral("truncated GIF image"));
            continue;
        }
        if (introducer != 0x21 || !in.ensure(2))
            return fail(QStringLiteral("unexpected GIF block"));
        const uchar label = in.at(1);
        bool keep = label == 0xf9 || label == 0x01; // graphic control, plain text: part of what is shown
        if (label == 0xff && in.ensure(3 + 11) && in.at(2) == 11) {
            const QByteArrayView id(in.data() + 3, 11);
            keep = id == QByteArrayView("NETSCAPE2.0") || id == QByteArrayView("ANIMEXTS1.0");
        }
        if (keep && !out.write(QByteArrayView(in.data(), 2)))
            return fail(QStringLiteral("write failed"));
        in.advance(2);
        if (!keep)
            ++result.removed;
        if (!passSubBlocks(in, out, keep))
            return fail(QStringLiteral("truncated GIF extension"));
    }
    if (!out.flush())
        return fail(QStringLiteral("write failed"));
    return result;
}

} // namespace

ImageMetadataStripper::Format ImageMetadataStripper::detect(QByteArrayView head)
{
    if (startsWith(head, "\xff\xd8\xff", 3))
        return Format::Jpeg;
    if (startsWith(head, "\x89PNG\r\n\x1a\n", 8))
        return Format::Png;
    if (head.size() >= 12 && startsWith(head, "RIFF", 4) && std::memcmp(head.data() + 8, "WEBP", 4) == 0)
        return Format::WebP;
    if (startsWith(head, "GIF87a", 6) || startsWith(head, "GIF89a", 6))
        return Format::Gif;
    return Format::Other;
}

ImageMetadataStripper::Result ImageMetadataStripper::strip(QIODevice &in, const Sink &sink)
{
    Output out(sink);
    const QByteArray head = in.peek(12);
    const Format format = detect(head);
    Input input(in);
    Result result;
    switch (format) {
    case Format::Jpeg: return stripJpeg(input, out);
    case Format::Png: return stripPng(input, out);
    case Format::WebP: return stripWebp(in, out);
    case Format::Gif: return stripGif(input, out);
    case Format::Other: break;
    }
    auto write = [&out](QByteArrayView bytes) { return out.write(bytes); };
    while (input.ensure(1)) {
        if (!input.pass(input.available(), write)) {
            result.error = Error::WriteFailed;
            return result;
        }
    }
    if (input.readError()) {
        result.error = Error::ReadFailed;
        result.detail = QStringLiteral("read error");
    } else if (!out.flush()) {
        result.error = Error::WriteFailed;
    }
    return result;
}

ImageMetadataStripper::Result ImageMetadataStripper::strip(const QByteArray &in, QByteArray *out)
{
    QByteArray source = in;
    QBuffer buffer(&source);
    buffer.open(QIODevice::ReadOnly);
    out->clear();
    return strip(buffer, [out](QByteArrayView bytes) {
        out->append(bytes);
        return true;
    });
}

int ImageMetadataStripper::exifOrientation(QByteArrayView exif)
{
    if (startsWith(exif, "Exif\0", 5))
        exif = exif.sliced(std::min<qsizetype>(6, exif.size()));
    if (exif.size() < 8)
        return 0;
    const auto *t = reinterpret_cast<const uchar *>(exif.data());
    bool little;
    if (t[0] == 'I' && t[1] == 'I')
        little = true;
    else if (t[0] == 'M' && t[1] == 'M')
        little = false;
    else
        return 0;
    auto u16 = [t, little](qsizetype at) { return little ? quint16(t[at] | (t[at + 1] << 8)) : be16(t + at); };
    auto u32 = [t, little](qsizetype at) { return little ? le32(t + at) : be32(t + at); };
    if (u16(2) != 42)
        return 0;
    const quint32 ifd = u32(4);
    if (ifd < 8 || qint64(ifd) + 2 > exif.size())
        return 0;
    const quint16 count = u16(ifd);
    for (quint32 i = 0; i < count; ++i) {
        const qint64 entry = qint64(ifd) + 2 + qint64(i) * 12;
        if (entry + 12 > exif.size())
            return 0;
        if (u16(entry) != 0x0112)
            continue;
        if (u16(entry + 2) != 3 || u32(entry + 4) < 1)
            return 0;
        const int value = u16(entry + 8);
        return value >= 1 && value <= 8 ? value : 0;
    }
    return 0;
}

} // namespace estafette
