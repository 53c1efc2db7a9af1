// Qt headers most of the app includes, compiled once for it (app/CMakeLists.txt). Qt only: a change in the
// project's own headers never rebuilds it. Every file still includes what it uses.
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QString>
#include <QVBoxLayout>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
