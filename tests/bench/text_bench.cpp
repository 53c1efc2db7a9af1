// Text benchmark (a program, not a test): what received formatted messages cost.
//   (a) a realistic 100 KB formatted body (paragraphs, lists, bold, code, links, a table): sanitised and laid out
//       (QTextDocument::setHtml of the result, setTextWidth(600), documentSize()), next to references measured in
//       the same run: gumbo's parse alone, and Qt laying out the raw, unsanitised input. Target: <= 10 ms.
//   (b) hostile documents of 5 MB (500,000 nested <div>, 500,000 nested <b>) and a 128 KB one whose formatting
//       elements the HTML5 parser re-creates in every block: time to a capped result, and the growth of the
//       peak resident memory (VmHWM, reset through /proc/self/clear_refs before each run, after malloc_trim).
//       Target: <= 50 ms and <= 20 MB for the 5 MB ones.
// Each measure is repeated; the table shows the median, min and max.
//
//   estafette_text_bench [--runs N]
#include "bench_stats.h"
#include "text/html_sanitizer.h"

#include <gumbo.h>

#include <QAbstractTextDocumentLayout>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTextDocument>

#include <cstdio>
#include <cstring>
#include <functional>
#include <malloc.h>

using namespace estafette;
using bench::Stats;

namespace {

const char *const kWords[] = {"bonjour", "réunion", "dossier", "préfecture", "compte-rendu", "demain", "validé",
                              "merci", "budget", "pièce", "jointe", "service", "urgence", "note", "ministère",
                              "avis", "calendrier", "signature", "transmis", "relire", "échéance", "arrêté"};

QString words(int &seed, int count)
{
    QString s;
    for (int i = 0; i < count; ++i) {
        seed = seed * 1103515245 + 12345;
        if (i)
            s += QLatin1Char(' ');
        s += QString::fromUtf8(kWords[(unsigned(seed) >> 16) % std::size(kWords)]);
    }
    return s;
}

// About 100 KB of what a long formatted message looks like: sections of paragraphs with bold, italics, inline
// code and links, a list, a quote, a code block, and one table of 40 rows.
QString realisticBody(int targetBytes)
{
    int seed = 7;
    QString html;
    int section = 0;
    while (html.toUtf8().size() < targetBytes) {
        ++section;
        html += QStringLiteral("<h3>%1. %2</h3>\n").arg(section).arg(words(seed, 4));
        for (int p = 0; p < 4; ++p) {
            html += QStringLiteral("<p>%1 <strong>%2</strong> %3 <em>%4</em>, voir <a href=\"https://www.example.gouv.fr/"
                                   "dossiers/%5?ref=%6\">%7</a> et <code>ref-%5</code>. %8</p>\n")
                        .arg(words(seed, 18), words(seed, 2), words(seed, 12), words(seed, 3))
                        .arg(section * 10 + p)
                        .arg(p)
                        .arg(words(seed, 3), words(seed, 20));
        }
        html += QStringLiteral("<ul><li>%1</li><li><b>%2</b> %3</li><li>%4</li></ul>\n")
                    .arg(words(seed, 6), words(seed, 2), words(seed, 8), words(seed, 5));
        html += QStringLiteral("<blockquote><p>%1</p></blockquote>\n").arg(words(seed, 25));
        if (section % 3 == 0) {
            html += QStringLiteral("<pre><code class=\"language-python\">def verifier(dossier):\n"
                                   "    return dossier.statut == &quot;%1&quot;\n</code></pre>\n")
                        .arg(words(seed, 1));
        }
        if (section == 2) {
            html += QStringLiteral("<table><thead><tr><th>Service</th><th>Agent</th><th>Échéance</th><th>État</th>"
                                   "</tr></thead><tbody>");
            for (int row = 0; row < 40; ++row) {
                html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3/06</td><td><b>%4</b></td></tr>")
                            .arg(words(seed, 2), words(seed, 1))
                            .arg(row % 28 + 1)
                            .arg(words(seed, 1));
            }
            html += QStringLiteral("</tbody></table>\n");
        }
    }
    return html;
}

QString nested(const QString &open, const QString &close, int levels)
{
    return open.repeated(levels) + QStringLiteral("x") + close.repeated(levels);
}

// Formatting elements left open across blocks, each made distinct (Noah's Ark keeps only 3 identical ones): the
// HTML5 tree builder re-creates all of them in every following block.
QString amplifyingBody(int targetBytes)
{
    QString html = QStringLiteral("<div>");
    for (int i = 0; i < 15; ++i)
        html += QStringLiteral("<b title=\"%1\">").arg(i);
    html += QStringLiteral("</div>");
    while (html.size() < targetBytes)
        html += QStringLiteral("<p>x</p>");
    return html;
}

qint64 statusKiB(const char *field)
{
    FILE *f = std::fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    qint64 kib = -1;
    const size_t n = std::strlen(field);
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, field, n) == 0) {
            kib = std::strtoll(line + n, nullptr, 10);
            break;
        }
    }
    std::fclose(f);
    return kib;
}

// Makes VmHWM start again from the current resident size (Linux: "5" to clear_refs).
bool resetPeakRss()
{
    FILE *f = std::fopen("/proc/self/clear_refs", "w");
    if (!f)
        return false;
    const bool ok = std::fputs("5", f) >= 0;
    return std::fclose(f) == 0 && ok;
}

double layOut(const QString &html)
{
    QTextDocument document;
    document.setHtml(html);
    document.setTextWidth(600);
    return document.documentLayout()->documentSize().height();
}

double gumboParse(const QByteArray &utf8)
{
    GumboOutput *output = gumbo_parse_with_options(&kGumboDefaultOptions, utf8.constData(), size_t(utf8.size()));
    const double children = output->root->v.element.children.length;
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    return children;
}

volatile double g_sink;

Stats timeMs(int runs, const std::function<double()> &work)
{
    Stats stats;
    g_sink = work(); // warm-up: fonts, caches
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        g_sink = work();
        stats.values.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return stats;
}

struct Hostile {
    Stats ms;
    Stats peakGrowthMiB;
    bool truncated = false;
    qsizetype outputChars = 0;
};

Hostile measureHostile(int runs, const QString &input)
{
    Hostile h;
    for (int i = 0; i < runs; ++i) {
        // Freed memory goes back to the system first: otherwise a run reuses the pages of the one before and
        // its peak would not show.
        malloc_trim(0);
        const bool reset = resetPeakRss();
        const qint64 before = statusKiB("VmRSS:");
        QElapsedTimer timer;
        timer.start();
        const HtmlSanitizer::Result result = HtmlSanitizer::sanitize(input);
        h.ms.values.append(double(timer.nsecsElapsed()) / 1e6);
        const qint64 peak = statusKiB("VmHWM:");
        if (reset)
            h.peakGrowthMiB.values.append(double(peak - before) / 1024.0);
        h.truncated = result.truncated;
        h.outputChars = result.html.size();
    }
    return h;
}

void row(const char *label, const Stats &s, const char *unit, const char *target)
{
    std::printf("%-58s %9.2f %9.2f %9.2f %-4s %s\n", label, s.median(), s.min(), s.max(), unit, target);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sanitising and laying out received formatted messages."));
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per measure (default 9)."),
                                        QStringLiteral("N"), QStringLiteral("9"));
    parser.addOption(runsOption);
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());

    const QString body = realisticBody(100 * 1024);
    const QByteArray bodyUtf8 = body.toUtf8();
    const HtmlSanitizer::Result sanitised = HtmlSanitizer::sanitize(body);
    std::printf("text bench: realistic body of %lld bytes (sanitised: %lld characters, %s), %d runs\n",
                qlonglong(bodyUtf8.size()), qlonglong(sanitised.html.size()),
                sanitised.truncated ? "truncated" : "whole", runs);

    std::printf("\n%-58s %9s %9s %9s %-4s %s\n", "measure", "median", "min", "max", "", "target");
    std::printf("(a) realistic 100 KB formatted body\n");
    row("  sanitise + setHtml + layout at 600 px", timeMs(runs, [&] {
            return layOut(HtmlSanitizer::sanitize(body).html);
        }), "ms", "<= 10 ms");
    row("  sanitise alone", timeMs(runs, [&] { return double(HtmlSanitizer::sanitize(body).html.size()); }), "ms", "");
    row("  setHtml + layout of the sanitised output alone", timeMs(runs, [&] { return layOut(sanitised.html); }),
        "ms", "");
    row("  reference: gumbo parse alone", timeMs(runs, [&] { return gumboParse(bodyUtf8); }), "ms", "");
    row("  reference: setHtml + layout of the raw input (unsafe)", timeMs(runs, [&] { return layOut(body); }), "ms",
        "");

    // For scale: most messages are a few hundred bytes to a few KB.
    const QString small = realisticBody(2 * 1024);
    std::printf("(a') the same kind of body, %lld bytes\n", qlonglong(small.toUtf8().size()));
    row("  sanitise + setHtml + layout at 600 px", timeMs(runs, [&] {
            return layOut(HtmlSanitizer::sanitize(small).html);
        }), "ms", "");
    row("  sanitise alone", timeMs(runs, [&] { return double(HtmlSanitizer::sanitize(small).html.size()); }), "ms", "");

    std::printf("(b) hostile documents\n");
    struct Case {
        const char *name;
        QString input;
        bool fiveMb;
    };
    const QList<Case> cases = {
        {"500,000 nested <div>", nested(QStringLiteral("<div>"), QStringLiteral("</div>"), 500000), true},
        {"500,000 nested <b>", nested(QStringLiteral("<b>"), QStringLiteral("</b>"), 500000), true},
        {"128 KB of re-created formatting", amplifyingBody(128 * 1024), false},
    };
    for (const Case &c : cases) {
        const Hostile h = measureHostile(runs, c.input);
        std::printf("  %s (%lld bytes): %s, %lld characters out\n", c.name, qlonglong(c.input.toUtf8().size()),
                    h.truncated ? "capped" : "NOT capped", qlonglong(h.outputChars));
        row("    sanitise", h.ms, "ms", c.fiveMb ? "<= 50 ms" : "");
        if (!h.peakGrowthMiB.values.isEmpty())
            row("    peak resident memory growth (VmHWM - VmRSS before)", h.peakGrowthMiB, "MiB",
                c.fiveMb ? "<= 20 MiB" : "");
    }
    return 0;
}
