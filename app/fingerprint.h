#pragma once

#include <QString>

namespace estafette {

// A device key as people compare it aloud or side by side: unpadded base64 cut into groups of four
// characters ("lb9d Dbow 5g4M …"), as Element shows it.
class Fingerprint {
public:
    static QString grouped(const QString &key, int groupSize = 4);
};

} // namespace estafette
