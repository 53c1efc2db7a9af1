#include "media/early_writeback.h"

#include <QFile>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#endif

namespace estafette {

void EarlyWriteback::wrote(QFile &file, qint64 size)
{
    if (size < m_started)
        m_started = 0; // truncated and written again
    if (size - m_started < Step)
        return;
#ifdef Q_OS_LINUX
    const int fd = file.handle();
    // A failure here costs only the head start: the fsync at the end reports what matters.
    if (fd >= 0)
        ::sync_file_range(fd, m_started, size - m_started, SYNC_FILE_RANGE_WRITE);
#else
    Q_UNUSED(file);
#endif
    m_started = size;
}

} // namespace estafette
