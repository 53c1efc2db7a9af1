#pragma once

#include "events/event.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace estafette {

// Event JSON is stored as compact UTF-8 bytes (QJsonDocument::Compact) in BLOB columns.
QByteArray toStoredJson(const QJsonObject &object);
QByteArray toStoredJson(const QJsonArray &array);
QJsonObject objectFromStoredJson(const QByteArray &bytes); // empty when not an object
QJsonArray arrayFromStoredJson(const QByteArray &bytes);
inline Event eventFromStoredJson(const QByteArray &bytes) { return Event(objectFromStoredJson(bytes)); }

} // namespace estafette
