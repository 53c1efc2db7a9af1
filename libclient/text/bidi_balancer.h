#pragma once

#include <QString>
#include <QStringView>

namespace estafette {

// Keeps the bidirectional embeddings, overrides and isolates a piece of text opens (U+202A–U+202E,
// U+2066–U+2069) inside that piece: a closer with no opener is removed, and the closers of whatever is still
// open at the end are appended. Applied to every text node of received HTML, so a right-to-left override in a
// display name or a message can reorder nothing outside its own element ("Trojan source" style spoofing of the
// text around it, or of a link shown next to it).
class BidiBalancer {
public:
    static QString balanced(QStringView text);
    static bool isBidiControl(char16_t c);
};

} // namespace estafette
