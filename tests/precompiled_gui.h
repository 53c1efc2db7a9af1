// The gui family's precompiled headers: those of every test, and the widgets its tests drive.
#pragma once

#include "precompiled.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPushButton>
#include <QWidget>
