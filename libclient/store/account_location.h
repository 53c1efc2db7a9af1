#pragma once

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QString>

namespace estafette {

// Where one account's encrypted database lives and the key that opens it (from the keychain).
struct AccountLocation {
    QString databasePath;
    QByteArray key; // 32 raw bytes
    bool isValid() const { return !databasePath.isEmpty() && key.size() == 32; }
    // The account's media folder, beside its database: staged uploads and the media cache, every file in it
    // encrypted with a key kept in the database. Empty when the location is not valid.
    QString mediaPath() const
    {
        return isValid() ? QFileInfo(databasePath).dir().filePath(QStringLiteral("media")) : QString();
    }
};

} // namespace estafette
