#pragma once

#include <QCoreApplication>
#include <QString>

namespace estafette {

// The words and numbers of media rows: sizes ("1.2 MB", "1,2 Mo" in French), durations ("1:05", "1:02:03"),
// progress ("Uploading… 40 %").
class MediaText {
    Q_DECLARE_TR_FUNCTIONS(MediaText)
public:
    static QString size(qint64 bytes);          // empty when unknown (negative)
    static QString duration(qint64 ms);         // empty when unknown (negative)
    static QString uploading(double fraction, bool known);
    static QString downloading(double fraction, bool known);
    // "1:05 · 1.2 MB", leaving out what is unknown.
    static QString joined(const QStringList &parts);
};

} // namespace estafette
