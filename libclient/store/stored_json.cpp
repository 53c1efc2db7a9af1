#include "store/stored_json.h"

#include <QJsonDocument>

namespace estafette {

QByteArray toStoredJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray toStoredJson(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QJsonObject objectFromStoredJson(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QJsonArray arrayFromStoredJson(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).array();
}

} // namespace estafette
