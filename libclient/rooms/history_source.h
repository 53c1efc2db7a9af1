#pragma once

#include "sync/sync_delta.h"

#include <QString>

#include <functional>

namespace estafette {

// Where back-pagination finds history kept locally (the encrypted store) before asking the server.
// Tokens it understands are its own (e.g. "store:<n>"); `done` runs on the caller's thread with a page shaped
// like a /messages answer (chunk newest-first, end = next token, empty at the room's beginning).
class HistorySource {
public:
    virtual ~HistorySource() = default;
    virtual bool ownsToken(const QString &token) const = 0;
    virtual void loadOlder(const QString &roomId, const QString &token, int limit,
                           std::function<void(const MessagesPage &page)> done) = 0;
    // A page the server gave for one of the room's server tokens (top of history or a gap; page.start says
    // which): its encrypted events decrypted, then kept so the next start has it locally. `done` gets the page
    // as kept (decrypted), to show.
    virtual void keepServerPage(const QString &roomId, const MessagesPage &page,
                                std::function<void(const MessagesPage &kept)> done) = 0;
};

} // namespace estafette
