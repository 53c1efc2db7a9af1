#pragma once

#include <QtGlobal>

class QFile;

namespace estafette {

// Has the kernel start writing a file's new bytes to the disk while the file is still being written, a few MiB at
// a time, so that the fsync ending it (a staged upload, a cache file) finds little left to write. Without it Linux
// keeps the whole file dirty in the page cache (up to dirty_background_ratio of the RAM: all of a 200 MB file on
// an office PC) and the fsync then writes all of it at once, after the last byte: seconds for a large file, added
// to the time before an upload can start or a download is usable. Only starts the writes (never waits for them);
// the fsync still decides what is durable. Does nothing on systems without sync_file_range().
class EarlyWriteback {
public:
    static constexpr qint64 Step = qint64(8) << 20;

    // The file was (re)created: nothing of it handed to the disk yet.
    void reset() { m_started = 0; }
    // `size` bytes from the file's start are written (some may still be in QFile's buffer: they go next time).
    void wrote(QFile &file, qint64 size);

private:
    qint64 m_started = 0; // bytes from the start whose writing was started
};

} // namespace estafette
