// Qt headers most of libclient includes, compiled once for the library (libclient/CMakeLists.txt). Qt only: a
// change in the project's own headers never rebuilds it. Every file still includes what it uses.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
