#pragma once

#include <QList>
#include <QString>

namespace estafette {

// The emoji the reaction picker offers, with the words it finds them by (French and English), most useful first.
struct EmojiEntry {
    QString emoji;
    QString nameFr;
    QString nameEn;
    QString keywords; // more words, both languages, space-separated
};

class EmojiCatalogue {
public:
    static const QList<EmojiEntry> &all();
    // Entries whose names or keywords contain every word of `query` (accents and case ignored); all of them for
    // an empty query.
    static QList<EmojiEntry> search(const QString &query);
    // The name to show and to read out, in the language of the interface.
    static QString nameOf(const EmojiEntry &entry);
};

} // namespace estafette
