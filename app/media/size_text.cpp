#include "size_text.h"

namespace estafette {

QString SizeText::format(qint64 bytes, const QLocale &locale)
{
    if (bytes < 0)
        return QString();
    // One decimal while the number is short ("1,2 Mo"), none once it has two digits ("52 Mo"): the decimal
    // adds nothing a person uses there.
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 6) {
        value /= 1024.0;
        ++unit;
    }
    const int precision = (unit == 0 || value >= 9.95) ? 0 : 1;
    return locale.formattedDataSize(bytes, precision, QLocale::DataSizeTraditionalFormat);
}

} // namespace estafette
