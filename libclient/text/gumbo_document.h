#pragma once

#include <QByteArray>

#include <cstddef>
#include <memory>

struct GumboInternalNode;
struct GumboInternalOutput;

namespace estafette {

// One HTML document parsed by gumbo, every allocation of the parse counted against a budget. HTML5 tree
// building can make far more nodes than the source has tags (formatting elements left open are re-created in
// every following block: 128 KB of source became 1.6 million nodes and 600 MB here), so when the parse would
// take more than `memoryBudget` bytes it is abandoned (isParsed() false) and all it allocated is freed.
// The tree is freed with the document, chunk by chunk (gumbo's own destructor recurses).
class GumboDocument {
public:
    GumboDocument(QByteArray utf8, std::size_t memoryBudget);
    ~GumboDocument();
    GumboDocument(const GumboDocument &) = delete;
    GumboDocument &operator=(const GumboDocument &) = delete;

    bool isParsed() const { return m_output != nullptr; }
    // The <html> element; only when isParsed().
    const GumboInternalNode *root() const;

    class Arena;

private:
    QByteArray m_source; // gumbo's nodes point into it
    std::unique_ptr<Arena> m_arena;
    GumboInternalOutput *m_output = nullptr;
};

} // namespace estafette
