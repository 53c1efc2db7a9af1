#include "timeline/emoji_catalogue.h"

#include <QLocale>
#include <QStringList>

namespace estafette {

namespace {

QString folded(const QString &text)
{
    // Lower case without accents: "célébration" matches "celebration".
    const QString decomposed = text.toLower().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c);
    }
    return out;
}

} // namespace

const QList<EmojiEntry> &EmojiCatalogue::all()
{
    static const QList<EmojiEntry> entries = {
        {QStringLiteral("👍"), QStringLiteral("pouce levé"), QStringLiteral("thumbs up"), QStringLiteral("oui ok accord yes agree like")},
        {QStringLiteral("✅"), QStringLiteral("coche"), QStringLiteral("check mark"), QStringLiteral("fait valide done ok")},
        {QStringLiteral("😀"), QStringLiteral("visage souriant"), QStringLiteral("grinning face"), QStringLiteral("sourire content smile happy")},
        {QStringLiteral("🎉"), QStringLiteral("cotillons"), QStringLiteral("party popper"), QStringLiteral("fête bravo célébration celebration congratulations")},
        {QStringLiteral("👀"), QStringLiteral("yeux"), QStringLiteral("eyes"), QStringLiteral("regarde vu look seen")},
        {QStringLiteral("❤️"), QStringLiteral("cœur rouge"), QStringLiteral("red heart"), QStringLiteral("coeur amour love")},
        {QStringLiteral("👎"), QStringLiteral("pouce baissé"), QStringLiteral("thumbs down"), QStringLiteral("non désaccord no disagree")},
        {QStringLiteral("🙏"), QStringLiteral("mains jointes"), QStringLiteral("folded hands"), QStringLiteral("merci s'il vous plaît thanks please")},
        {QStringLiteral("👏"), QStringLiteral("applaudissements"), QStringLiteral("clapping hands"), QStringLiteral("bravo clap")},
        {QStringLiteral("😂"), QStringLiteral("larmes de joie"), QStringLiteral("face with tears of joy"), QStringLiteral("rire mdr laugh lol")},
        {QStringLiteral("😊"), QStringLiteral("visage rougissant souriant"), QStringLiteral("smiling face with smiling eyes"), QStringLiteral("sourire content blush")},
        {QStringLiteral("😉"), QStringLiteral("clin d'œil"), QStringLiteral("winking face"), QStringLiteral("oeil wink")},
        {QStringLiteral("🤔"), QStringLiteral("visage pensif"), QStringLiteral("thinking face"), QStringLiteral("réfléchir hmm think")},
        {QStringLiteral("😮"), QStringLiteral("bouche ouverte"), QStringLiteral("face with open mouth"), QStringLiteral("surprise wow")},
        {QStringLiteral("😢"), QStringLiteral("visage qui pleure"), QStringLiteral("crying face"), QStringLiteral("triste larme sad tear")},
        {QStringLiteral("😅"), QStringLiteral("sourire avec sueur"), QStringLiteral("grinning face with sweat"), QStringLiteral("gêne ouf phew")},
        {QStringLiteral("🙂"), QStringLiteral("léger sourire"), QStringLiteral("slightly smiling face"), QStringLiteral("sourire smile")},
        {QStringLiteral("😎"), QStringLiteral("lunettes de soleil"), QStringLiteral("smiling face with sunglasses"), QStringLiteral("cool")},
        {QStringLiteral("🔥"), QStringLiteral("feu"), QStringLiteral("fire"), QStringLiteral("flamme top hot")},
        {QStringLiteral("💯"), QStringLiteral("cent points"), QStringLiteral("hundred points"), QStringLiteral("parfait perfect 100")},
        {QStringLiteral("⭐"), QStringLiteral("étoile"), QStringLiteral("star"), QStringLiteral("favori favourite")},
        {QStringLiteral("👌"), QStringLiteral("OK"), QStringLiteral("OK hand"), QStringLiteral("parfait d'accord perfect")},
        {QStringLiteral("💪"), QStringLiteral("biceps"), QStringLiteral("flexed biceps"), QStringLiteral("force courage strong")},
        {QStringLiteral("🤝"), QStringLiteral("poignée de main"), QStringLiteral("handshake"), QStringLiteral("accord deal")},
        {QStringLiteral("👋"), QStringLiteral("main qui salue"), QStringLiteral("waving hand"), QStringLiteral("bonjour salut au revoir hello bye")},
        {QStringLiteral("☕"), QStringLiteral("boisson chaude"), QStringLiteral("hot beverage"), QStringLiteral("café thé pause coffee tea break")},
        {QStringLiteral("🚀"), QStringLiteral("fusée"), QStringLiteral("rocket"), QStringLiteral("lancement vite launch fast")},
        {QStringLiteral("⏰"), QStringLiteral("réveil"), QStringLiteral("alarm clock"), QStringLiteral("heure retard time late")},
        {QStringLiteral("📅"), QStringLiteral("calendrier"), QStringLiteral("calendar"), QStringLiteral("date réunion meeting")},
        {QStringLiteral("📎"), QStringLiteral("trombone"), QStringLiteral("paperclip"), QStringLiteral("pièce jointe attachment")},
        {QStringLiteral("📌"), QStringLiteral("punaise"), QStringLiteral("pushpin"), QStringLiteral("épingle important pin")},
        {QStringLiteral("⚠️"), QStringLiteral("avertissement"), QStringLiteral("warning"), QStringLiteral("attention danger")},
        {QStringLiteral("❌"), QStringLiteral("croix"), QStringLiteral("cross mark"), QStringLiteral("non erreur no error")},
        {QStringLiteral("❓"), QStringLiteral("point d'interrogation"), QStringLiteral("question mark"), QStringLiteral("question")},
        {QStringLiteral("❗"), QStringLiteral("point d'exclamation"), QStringLiteral("exclamation mark"), QStringLiteral("important urgent")},
        {QStringLiteral("➕"), QStringLiteral("plus"), QStringLiteral("plus"), QStringLiteral("ajouter add +1")},
        {QStringLiteral("🇫🇷"), QStringLiteral("drapeau de la France"), QStringLiteral("flag: France"), QStringLiteral("france drapeau flag")},
        {QStringLiteral("🇪🇺"), QStringLiteral("drapeau de l'Union européenne"), QStringLiteral("flag: European Union"), QStringLiteral("europe ue eu")},
        {QStringLiteral("🥳"), QStringLiteral("visage festif"), QStringLiteral("partying face"), QStringLiteral("fête anniversaire party birthday")},
        {QStringLiteral("😴"), QStringLiteral("visage endormi"), QStringLiteral("sleeping face"), QStringLiteral("dormir fatigue sleep tired")},
        {QStringLiteral("🙃"), QStringLiteral("tête à l'envers"), QStringLiteral("upside-down face"), QStringLiteral("ironie irony")},
        {QStringLiteral("😬"), QStringLiteral("grimace"), QStringLiteral("grimacing face"), QStringLiteral("oups gêne oops awkward")},
        {QStringLiteral("🤷"), QStringLiteral("haussement d'épaules"), QStringLiteral("person shrugging"), QStringLiteral("sais pas dunno shrug")},
        {QStringLiteral("🎂"), QStringLiteral("gâteau d'anniversaire"), QStringLiteral("birthday cake"), QStringLiteral("anniversaire birthday")},
        {QStringLiteral("🌞"), QStringLiteral("soleil avec visage"), QStringLiteral("sun with face"), QStringLiteral("soleil beau temps sunny")},
        {QStringLiteral("💡"), QStringLiteral("ampoule"), QStringLiteral("light bulb"), QStringLiteral("idée idea")},
        {QStringLiteral("📝"), QStringLiteral("mémo"), QStringLiteral("memo"), QStringLiteral("note écrire write")},
        {QStringLiteral("🔒"), QStringLiteral("cadenas"), QStringLiteral("locked"), QStringLiteral("sécurité chiffré secure encrypted")},
    };
    return entries;
}

QList<EmojiEntry> EmojiCatalogue::search(const QString &query)
{
    const QStringList words = folded(query).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QList<EmojiEntry> found;
    for (const EmojiEntry &entry : all()) {
        const QString haystack = folded(entry.nameFr + QLatin1Char(' ') + entry.nameEn + QLatin1Char(' ')
                                        + entry.keywords) + QLatin1Char(' ') + entry.emoji;
        const bool all = std::all_of(words.cbegin(), words.cend(),
                                     [&](const QString &word) { return haystack.contains(word); });
        if (all)
            found.append(entry);
    }
    return found;
}

QString EmojiCatalogue::nameOf(const EmojiEntry &entry)
{
    return QLocale().language() == QLocale::French ? entry.nameFr : entry.nameEn;
}

} // namespace estafette
