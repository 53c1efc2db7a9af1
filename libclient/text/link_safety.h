#pragma once

#include <QString>
#include <QUrl>

namespace estafette {

// What to tell the person about a link in a received message before it is followed.
struct LinkCheck {
    // The link is dressed as somewhere it does not go: its text reads as an address (a URL, a domain name such
    // as impots.gouv.fr, an e-mail address) of another host than the target's; or the target's host is an
    // internationalised name that mixes scripts or imitates Latin letters (paypal.com written in Cyrillic);
    // or the target hides its host behind a user name (https://impots.gouv.fr@example.net).
    bool deceptive = false;
    // The target as it should be shown (status bar, tooltip, confirmation): without its password, in ACE form
    // (xn--…) when its host is deceptive, fully percent-encoded when its decoded form would hold invisible or
    // bidirectional formatting characters.
    QString shownTarget;
};

// Judges a link of received HTML from its visible text and its target. Link text made of ordinary words
// ("cliquez ici") is never deceptive by itself: the target is still shown.
class LinkSafety {
public:
    static LinkCheck check(const QString &linkText, const QUrl &href);

    // The host named by `text` when the whole text reads as an address (URL, domain name, e-mail address,
    // IPv4 address), lower case; empty otherwise.
    static QString addressHost(const QString &text);
    // Whether a host name mixes scripts within a label (beyond Latin with Han, Kana, Hangul or Bopomofo),
    // imitates Latin with Cyrillic or Greek letters only, or is malformed punycode.
    static bool isDeceptiveHost(const QString &host);
};

} // namespace estafette
