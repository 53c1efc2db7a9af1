#include "text/gumbo_document.h"

#include <gumbo.h>

#include <csetjmp>
#include <cstdlib>
#include <new>

namespace estafette {

// Every block gumbo allocates, in a list (so that an abandoned parse can be freed whole) with its size (so
// that the live total is known). A parse that would go over the budget jumps back out of gumbo's C frames:
// nothing there has a destructor, and everything it held is in the list.
class GumboDocument::Arena {
public:
    explicit Arena(std::size_t budget) : m_budget(budget) { m_head.prev = m_head.next = &m_head; }
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
    struct alignas(std::max_align_t) Block {
        Block *prev;
        Block *next;
        std::size_t size;
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
        if (size > arena->m_budget - arena->m_live)
            std::longjmp(arena->m_escape, 1);
        auto *block = static_cast<Block *>(std::malloc(sizeof(Block) + size));
        if (!block)
            std::longjmp(arena->m_escape, 1);
        block->size = size;
        block->prev = &arena->m_head;
        block->next = arena->m_head.next;
        arena->m_head.next->prev = block;
        arena->m_head.next = block;
        arena->m_live += size;
        return block + 1;
    }

    static void deallocate(void *userdata, void *pointer)
    {
        if (!pointer)
            return;
        auto *arena = static_cast<Arena *>(userdata);
        Block *block = static_cast<Block *>(pointer) - 1;
        block->prev->next = block->next;
        block->next->prev = block->prev;
        arena->m_live -= block->size;
        std::free(block);
    }

    void freeAll()
    {
        Block *block = m_head.next;
        while (block != &m_head) {
            Block *next = block->next;
            std::free(block);
            block = next;
        }
        m_head.prev = m_head.next = &m_head;
        m_live = 0;
    }

    std::size_t m_budget;
    std::size_t m_live = 0;
    Block m_head{};
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
