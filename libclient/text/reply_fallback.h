#pragma once

#include <QString>

namespace estafette {

// The body of a reply without the quote of the replied-to message that older clients put first (the spec's
// "Stripping the fallback"): when the body starts with a line beginning "> " (or a line that is just ">"),
// those leading lines go, and the empty line that follows them. A body that does not start that way is
// returned unchanged, and so is one that is nothing but quote (it would be left empty).
QString stripReplyFallbackBody(const QString &body);

} // namespace estafette
