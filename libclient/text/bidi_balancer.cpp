#include "text/bidi_balancer.h"

#include <QVarLengthArray>

namespace estafette {

namespace {

constexpr char16_t kLre = 0x202A, kRle = 0x202B, kPdf = 0x202C, kLro = 0x202D, kRlo = 0x202E;
constexpr char16_t kLri = 0x2066, kRli = 0x2067, kFsi = 0x2068, kPdi = 0x2069;

bool opensEmbedding(char16_t c) { return c == kLre || c == kRle || c == kLro || c == kRlo; }
bool opensIsolate(char16_t c) { return c == kLri || c == kRli || c == kFsi; }

} // namespace

bool BidiBalancer::isBidiControl(char16_t c)
{
    return (c >= kLre && c <= kRlo) || (c >= kLri && c <= kPdi);
}

QString BidiBalancer::balanced(QStringView text)
{
    // Most text has no control at all: no copy is made then.
    qsizetype first = 0;
    while (first < text.size() && !isBidiControl(text.at(first).unicode()))
        ++first;
    if (first == text.size())
        return text.toString();

    QString out;
    out.reserve(text.size() + 4);
    out.append(text.left(first));
    // What is open, innermost last: a PDI also closes the embeddings opened after its isolate (UAX #9, X6a),
    // a PDF closes only an embedding that is not outside an open isolate.
    QVarLengthArray<char16_t, 16> open;
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!isBidiControl(c)) {
            out.append(QChar(c));
        } else if (opensEmbedding(c) || opensIsolate(c)) {
            open.append(c);
            out.append(QChar(c));
        } else if (c == kPdf) {
            if (!open.isEmpty() && opensEmbedding(open.back())) {
                open.removeLast();
                out.append(QChar(c));
            }
        } else { // PDI
            qsizetype isolate = open.size() - 1;
            while (isolate >= 0 && !opensIsolate(open.at(isolate)))
                --isolate;
            if (isolate < 0)
                continue;
            // Embeddings opened inside the isolate are closed explicitly: same effect, and the output stays
            // balanced for a reader that does not implement X6a.
            while (open.size() - 1 > isolate) {
                open.removeLast();
                out.append(QChar(kPdf));
            }
            open.removeLast();
            out.append(QChar(c));
        }
    }
    while (!open.isEmpty()) {
        out.append(QChar(opensIsolate(open.back()) ? kPdi : kPdf));
        open.removeLast();
    }
    return out;
}

} // namespace estafette
