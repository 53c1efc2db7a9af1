#include "fingerprint.h"

namespace estafette {

QString Fingerprint::grouped(const QString &key, int groupSize)
{
    const QString compact = key.simplified().remove(QLatin1Char(' '));
    if (groupSize <= 0)
        return compact;
    QString out;
    out.reserve(compact.size() + compact.size() / groupSize);
    for (int i = 0; i < compact.size(); i += groupSize) {
        if (i > 0)
            out += QLatin1Char(' ');
        out += compact.mid(i, groupSize);
    }
    return out;
}

} // namespace estafette
