#include "duration_text.h"

#include <algorithm>

namespace estafette {

QString DurationText::format(qint64 milliseconds)
{
    const qint64 total = std::max<qint64>(0, milliseconds) / 1000;
    const qint64 hours = total / 3600;
    const qint64 minutes = (total / 60) % 60;
    const qint64 seconds = total % 60;
    const QString ss = QStringLiteral("%1").arg(seconds, 2, 10, QLatin1Char('0'));
    if (hours > 0)
        return QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QLatin1Char('0')).arg(ss);
    return QStringLiteral("%1:%2").arg(minutes).arg(ss);
}

} // namespace estafette
