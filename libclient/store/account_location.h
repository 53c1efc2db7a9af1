#pragma once

#include <QByteArray>
#include <QString>

namespace estafette {

// Where one account's encrypted database lives and the key that opens it (from the keychain).
struct AccountLocation {
    QString databasePath;
    QByteArray key; // 32 raw bytes
    bool isValid() const { return !databasePath.isEmpty() && key.size() == 32; }
};

} // namespace estafette
