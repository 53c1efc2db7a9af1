#include "text/gumbo_document.h"

#include <gumbo.h>

#if __has_include(<sanitizer/asan_interface.h>)
#include <sanitizer/asan_interface.h>
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

#include <csetjmp>
#include <cstdlib>
#include <algorithm>

namespace estafette {

// Gumbo's allocations, taken from chunks one after the other and freed together with the document: gumbo
// allocates a block for every node, string and vector (one per tag or more), and frees few of them before the
// end (its peak is about 85 % of all it ever asks for), so nothing is lost by never reusing a block, and the
// budget is then exactly the memory taken. A parse that would go over it jumps back out of gumbo's C frames:
// nothing there has a destructor, and everything it held is in the chunks. Under AddressSanitizer (the fuzz
// targets) what is not handed out is poisoned and blocks are kept apart by red zones, as malloc's would be.
class GumboDocument::Arena {
public:
    explicit Arena(std::size_t budget) : m_budget(budget) {}
    ~Arena() { freeAll(); }

    GumboOutput *parse(const QByteArray &source)
    {
        GumboOptions options = kGumboDefaultOptions;
        options.allocator = &Arena::allocate;
        options.deallocator = &Arena::deallocate;
        options.userdata = this;
        options.max_errors = 0; // the parse errors are never read: don't keep them
        GumboOutput *output = parseOrEscape(options, source);
        if (!output)
            freeAll();
        return output;
    }

private:
    static constexpr std::size_t kAlign = alignof(std::max_align_t);
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    static constexpr std::size_t kRedZone = kAlign;
#else
    static constexpr std::size_t kRedZone = 0;
#endif
    static constexpr std::size_t kFirstChunk = 16 * 1024;
    static constexpr std::size_t kMaxChunk = 1024 * 1024;

    struct alignas(std::max_align_t) Chunk {
        Chunk *previous;
        std::size_t size; // usable bytes after the header
    };

    // setjmp's caller holds nothing that needs destroying, and reads no local it changed after the jump.
    GumboOutput *parseOrEscape(const GumboOptions &options, const QByteArray &source)
    {
        if (setjmp(m_escape) != 0)
            return nullptr;
        return gumbo_parse_with_options(&options, source.constData(), std::size_t(source.size()));
    }

    static void *allocate(void *userdata, std::size_t size)
    {
        auto *arena = static_cast<Arena *>(userdata);
        const std::size_t rounded = (std::max<std::size_t>(size, 1) + kAlign - 1) / kAlign * kAlign + kRedZone;
        if (rounded < size) // wrapped around: no such allocation can be served
            std::longjmp(arena->m_escape, 1);
        if (!arena->m_chunk || arena->m_chunk->size - arena->m_used < rounded)
            arena->newChunk(rounded);
        void *block = reinterpret_cast<char *>(arena->m_chunk + 1) + arena->m_used;
        arena->m_used += rounded;
        ASAN_UNPOISON_MEMORY_REGION(block, size);
        return block;
    }

    static void deallocate(void *, void *) {}

    void newChunk(std::size_t atLeast)
    {
        std::size_t size = m_chunk ? std::min(m_chunk->size * 2, kMaxChunk) : kFirstChunk;
        size = std::max(size, atLeast);
        if (size > m_budget - m_taken || sizeof(Chunk) > m_budget - m_taken - size)
            std::longjmp(m_escape, 1);
        auto *chunk = static_cast<Chunk *>(std::malloc(sizeof(Chunk) + size));
        if (!chunk)
            std::longjmp(m_escape, 1);
        chunk->previous = m_chunk;
        chunk->size = size;
        ASAN_POISON_MEMORY_REGION(chunk + 1, size);
        m_chunk = chunk;
        m_used = 0;
        m_taken += sizeof(Chunk) + size;
    }

    void freeAll()
    {
        while (m_chunk) {
            Chunk *previous = m_chunk->previous;
            ASAN_UNPOISON_MEMORY_REGION(m_chunk + 1, m_chunk->size);
            std::free(m_chunk);
            m_chunk = previous;
        }
        m_used = 0;
        m_taken = 0;
    }

    std::size_t m_budget;
    std::size_t m_taken = 0; // bytes taken from malloc, chunk headers included
    Chunk *m_chunk = nullptr;
    std::size_t m_used = 0;  // bytes used in m_chunk
    std::jmp_buf m_escape;
};

GumboDocument::GumboDocument(QByteArray utf8, std::size_t memoryBudget)
    : m_source(std::move(utf8)), m_arena(std::make_unique<Arena>(memoryBudget))
{
    m_output = m_arena->parse(m_source);
}

// The arena frees the tree: gumbo_destroy_output would walk it recursively for nothing.
GumboDocument::~GumboDocument() = default;

const GumboNode *GumboDocument::root() const
{
    return m_output ? m_output->root : nullptr;
}

} // namespace estafette
