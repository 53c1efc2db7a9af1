#pragma once

#include <QLoggingCategory>

namespace estafette {
// "estafette.net": method, path and status of requests. Never tokens, never bodies.
Q_DECLARE_LOGGING_CATEGORY(lcNet)
} // namespace estafette
