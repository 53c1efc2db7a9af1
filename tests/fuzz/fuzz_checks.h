// What the fuzz targets check beyond "no crash, no leak, no undefined behaviour": properties of the sanitiser's
// output that must hold for any input. A broken property aborts, so libFuzzer keeps the input as a crash.
#pragma once

#include <QString>

namespace estafette::fuzz {

// Silences Qt's logging (parsers log every malformed piece) and starts an offscreen QGuiApplication, which
// QTextDocument needs for fonts. Call once, from LLVMFuzzerInitialize.
void initialise(int *argc, char ***argv);

// Aborts unless `html` is made only of what HtmlRebuilder writes (known tags, balanced, known attributes,
// colour-only styles, mxc-only images) and, loaded and laid out by a QTextDocument, makes Qt ask for no
// resource but an mxc:// image.
void checkSanitised(const QString &html);

// Exercises every text function on one received message: sanitize (default and small limits), toPlainText,
// the reply fallback, and the link check on what the body would give.
void exerciseMessageText(const QString &body, const QString &formattedBody);

} // namespace estafette::fuzz
