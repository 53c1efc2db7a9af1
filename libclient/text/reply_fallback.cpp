#include "text/reply_fallback.h"

namespace estafette {

namespace {

bool isQuoteLine(QStringView line)
{
    return line.startsWith(QLatin1String("> ")) || line == QLatin1String(">");
}

} // namespace

QString stripReplyFallbackBody(const QString &body)
{
    qsizetype pos = 0;
    qsizetype lines = 0;
    while (pos < body.size()) {
        qsizetype end = body.indexOf(QLatin1Char('\n'), pos);
        if (end < 0)
            end = body.size();
        QStringView line = QStringView(body).mid(pos, end - pos);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (!isQuoteLine(line)) {
            // The empty line that separates the fallback from the reply goes with it.
            if (lines > 0 && line.isEmpty())
                pos = std::min(end + 1, body.size());
            break;
        }
        ++lines;
        pos = end + 1;
    }
    if (lines == 0 || pos >= body.size())
        return body;
    return body.mid(pos);
}

} // namespace estafette
