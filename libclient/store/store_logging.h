#pragma once

#include <QLoggingCategory>

namespace estafette {
// "estafette.store": open/migrate/write outcomes with ids and counts. Never event bodies, names or tokens.
Q_DECLARE_LOGGING_CATEGORY(lcStore)
} // namespace estafette
