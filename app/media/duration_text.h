#pragma once

#include <QString>

namespace estafette {

// A play time as players show it: "0:07", "12:34", "1:02:03" (hours only when there are some).
class DurationText {
public:
    static QString format(qint64 milliseconds);
};

} // namespace estafette
