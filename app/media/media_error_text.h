#pragma once

#include "media/media_error.h"

#include <QString>

namespace estafette {

// A sentence for the person about a download that did not give a file (French and English through tr()).
QString mediaErrorText(const MediaError &error);

} // namespace estafette
