#include "app_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>

namespace estafette {

std::unique_ptr<QSettings> AppOptions::makeSettings() const
{
    if (profileDir.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(QDir(profileDir).filePath(QStringLiteral("estafette.ini")),
                                       QSettings::IniFormat);
}

QString AppOptions::profilePath() const
{
    if (!profileDir.isEmpty())
        return profileDir;
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

QString AppOptions::languageFromArguments(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments.at(i + 1).toLower();
        if (arg.startsWith(QLatin1String("--lang=")))
            return arg.mid(7).toLower();
    }
    return QLocale::system().language() == QLocale::French ? QStringLiteral("fr") : QStringLiteral("en");
}

std::optional<AppOptions> AppOptions::parse(const QCoreApplication &app, const QString &language, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Estafette, secure messaging for state agents (Matrix)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(QStringLiteral("profile"),
        tr("Keep this instance's settings and session in <folder>, apart from other profiles."),
        tr("folder"));
    const QCommandLineOption homeserver(QStringLiteral("homeserver"),
        tr("Prefill the server address."), tr("url"));
    const QCommandLineOption user(QStringLiteral("user"), tr("Prefill the identifier."), tr("id"));
    const QCommandLineOption password(QStringLiteral("password"),
        tr("Demonstration only: sign in automatically with this password. It is visible to anyone who can "
           "list the processes of this computer."),
        tr("password"));
    const QCommandLineOption lang(QStringLiteral("lang"),
        tr("Language of the interface: fr or en (default: the system's)."), QStringLiteral("fr|en"));
    parser.addOptions({profile, homeserver, user, password, lang});
    parser.process(app); // exits on --help, --version and unknown options

    AppOptions options;
    options.language = language;
    if (language != QLatin1String("fr") && language != QLatin1String("en")) {
        *error = tr("Unknown language \"%1\": use fr or en.").arg(language);
        return std::nullopt;
    }
    if (parser.isSet(profile)) {
        const QString dir = parser.value(profile);
        if (dir.isEmpty() || !QDir().mkpath(dir)) {
            *error = tr("Cannot use the profile folder \"%1\".").arg(dir);
            return std::nullopt;
        }
        options.profileDir = QFileInfo(dir).canonicalFilePath();
    }
    options.homeserver = parser.value(homeserver);
    options.user = parser.value(user);
    options.password = parser.value(password);
    return options;
}

} // namespace estafette
