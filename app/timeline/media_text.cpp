#include "timeline/media_text.h"

#include <QLocale>

#include <cmath>

namespace estafette {

QString MediaText::size(qint64 bytes)
{
    if (bytes < 0)
        return {};
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString MediaText::duration(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 seconds = (ms + 500) / 1000;
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds / 60) % 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString MediaText::uploading(double fraction, bool known)
{
    if (!known)
        return tr("Waiting to upload…");
    if (fraction >= 1.0)
        return tr("Sending…");
    return tr("Uploading… %1 %").arg(int(std::floor(fraction * 100)));
}

QString MediaText::downloading(double fraction, bool known)
{
    if (!known)
        return tr("Starting download…");
    return tr("Downloading… %1 %").arg(int(std::floor(fraction * 100)));
}

QString MediaText::joined(const QStringList &parts)
{
    QStringList kept = parts;
    kept.removeAll(QString());
    return kept.join(QStringLiteral(" · "));
}

} // namespace estafette
