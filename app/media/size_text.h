#pragma once

#include <QLocale>
#include <QString>

namespace estafette {

// A file size as a person reads it, in the locale's words and number format: "1,2 Mo" in French, "1.2 MB" in
// English. Powers of 1024 with the traditional unit names, as the file managers of office PCs show them, so a
// server limit of 50 MiB reads "50 MB" beside the file's size.
class SizeText {
public:
    static QString format(qint64 bytes, const QLocale &locale = QLocale());
};

} // namespace estafette
