#pragma once

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>

class QSettings;

namespace estafette {

// What the command line asked for. Parsed once in main(); the rest of the app only reads it.
struct AppOptions {
    Q_DECLARE_TR_FUNCTIONS(AppOptions)
public:
    QString profileDir;  // absolute; empty: the default profile
    QString homeserver;  // prefill
    QString user;        // prefill
    QString password;    // demo only: sign in automatically
    QString language;    // "fr" or "en"

    // The key that separates this profile's keychain entry from other profiles'.
    QString profileKey() const { return profileDir; }
    // The folder that holds the profile's accounts (profileDir, or the user's application data folder).
    QString profilePath() const;
    // The profile's settings: a file in the profile folder, or the user's default settings.
    std::unique_ptr<QSettings> makeSettings() const;

    // Handles --help and --version (prints and exits). Returns nullopt with `error` set when the command
    // line is wrong. `language` is the one already chosen by languageFromArguments(), so the help is
    // shown in it.
    static std::optional<AppOptions> parse(const QCoreApplication &app, const QString &language, QString *error);

    // "fr" or "en", from --lang if given, else from the system locale. Looks only at the arguments so
    // the translators can be installed before the help text is built.
    static QString languageFromArguments(const QStringList &arguments);
};

} // namespace estafette
