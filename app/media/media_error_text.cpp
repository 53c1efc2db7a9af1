#include "media/media_error_text.h"

#include <QCoreApplication>

namespace estafette {

QString mediaErrorText(const MediaError &error)
{
    using Kind = MediaError::Kind;
    const auto tr = [](const char *text) { return QCoreApplication::translate("MediaErrorText", text); };
    switch (error.kind) {
    case Kind::None:
        return {};
    case Kind::InvalidUri:
        return tr("The file's address is not valid.");
    case Kind::InvalidFileInfo:
        return tr("The file's encryption details are damaged: it cannot be opened.");
    case Kind::NotFound:
        return tr("The server no longer has this file.");
    case Kind::TooLarge:
        return tr("The file is larger than announced or than allowed: it was not downloaded.");
    case Kind::Truncated:
        return tr("The download was cut short. Try again later.");
    case Kind::HashMismatch:
        return tr("The file was altered after it was sent: it was refused and is not shown.");
    case Kind::Network:
        return tr("The server cannot be reached. Try again later.");
    case Kind::Server:
        return tr("The server refused to give the file.");
    case Kind::Storage:
        return tr("The file could not be kept on this computer (disk full?).");
    case Kind::Cancelled:
        return tr("Download cancelled.");
    }
    return {};
}

} // namespace estafette
