// Estafette: secure Matrix messaging for state agents.
#include "app_controller.h"
#include "app_options.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

namespace {

void installTranslations(QApplication &app, const QString &language)
{
    if (language != QLatin1String("fr")) {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        return;
    }
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_fr"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/estafette_fr.qm")))
        QApplication::installTranslator(own);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Estafette"));
    QApplication::setApplicationName(QStringLiteral("Estafette"));
    QApplication::setApplicationVersion(QStringLiteral(ESTAFETTE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("estafette"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/estafette.png")));

    const QString language = estafette::AppOptions::languageFromArguments(QApplication::arguments());
    installTranslations(app, language);

    QString error;
    const auto options = estafette::AppOptions::parse(app, language, &error);
    if (!options) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }

    estafette::AppController controller(*options);
    QObject::connect(&controller, &estafette::AppController::quitRequested, &app, &QApplication::quit,
                     Qt::QueuedConnection);
    controller.start();
    return QApplication::exec();
}
