// libFuzzer target: bytes as a received formatted_body (and as a body) through everything in libclient/text/.
// Built and run by scripts/fuzz html_sanitizer SECONDS (see tests/fuzz/CMakeLists.txt).
#include "fuzz_checks.h"

#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    estafette::fuzz::initialise(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    estafette::fuzz::exerciseMessageText(text, text);
    return 0;
}
