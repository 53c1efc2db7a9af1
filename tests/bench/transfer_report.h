#pragma once

// The media benchmark's table: medians (and the range, over several runs) of what TransferMeter measured, with
// the goals for a transfer and PASS/MISS.

#include "bench_stats.h"
#include "transfer_meter.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace estafette::bench::report {

// Issue 9: resident memory growth during a transfer, the GUI's longest stall, throughput as a ratio to curl's.
constexpr double kGoalRssMiB = 32;
constexpr double kGoalStallMs = 50;
constexpr double kGoalRatio = 0.8;

struct Series {
    Stats seconds, rss, stall, stallRun, stallWait, cpu, guiCpu, serverCpu;
    QHash<QString, Stats> threadCpu;
    void add(const TransferCost &c)
    {
        for (auto it = c.threadCpu.begin(); it != c.threadCpu.end(); ++it)
            threadCpu[it.key()].values.append(it.value());
        seconds.values.append(c.seconds);
        rss.values.append(c.rssGrowthMiB);
        stall.values.append(c.stallMs);
        stallRun.values.append(c.stallRunMs);
        stallWait.values.append(c.stallWaitMs);
        cpu.values.append(c.processCpu);
        guiCpu.values.append(c.guiCpu);
        serverCpu.values.append(c.otherCpu);
    }
};

inline const char *verdict(bool pass)
{
    return pass ? "PASS" : "MISS";
}

inline void heading(const QString &text)
{
    std::printf("\n%s\n", qPrintable(text));
}

inline void row(const char *what, const QString &value, const QString &goal = {}, const char *result = "")
{
    std::printf("  %-58s %-44s %-10s %s\n", what, qPrintable(value), qPrintable(goal), result);
}

inline QString spread(const Stats &s, int decimals)
{
    return s.values.size() < 2 ? QString()
                               : QStringLiteral(" (%1-%2)").arg(s.min(), 0, 'f', decimals).arg(s.max(), 0, 'f', decimals);
}

inline QString secondsAndRate(const Stats &seconds, double mib)
{
    return QStringLiteral("%1 s  %2 MiB/s").arg(seconds.median(), 0, 'f', 2).arg(mib / seconds.median(), 0, 'f', 1)
           + spread(seconds, 2);
}

inline QString millisecondsText(const Stats &seconds)
{
    Stats ms;
    for (double v : seconds.values)
        ms.values.append(v * 1000);
    return QStringLiteral("%1 ms").arg(ms.median(), 0, 'f', 0) + spread(ms, 0);
}

inline QString cpuText(double client, double gui, double server)
{
    return QStringLiteral("%1 s (GUI %2 s) / %3 s").arg(client, 0, 'f', 2).arg(gui, 0, 'f', 2).arg(server, 0, 'f', 2);
}

inline void rssRow(const Stats &rss)
{
    row("resident memory growth (VmRSS max - before)", QStringLiteral("%1 MiB").arg(rss.median(), 0, 'f', 1) + spread(rss, 1),
        QStringLiteral("<= %1 MiB").arg(kGoalRssMiB), verdict(rss.median() <= kGoalRssMiB));
}

// What the GUI thread did in the longest gap: working (the client's doing) or waiting for a CPU (the machine's).
inline QString stallParts(const Stats &run, const Stats &wait)
{
    return QStringLiteral(" [working %1, no CPU %2]").arg(run.median(), 0, 'f', 1).arg(wait.median(), 0, 'f', 1);
}

inline void stallRow(const Series &s, const char *what = "longest GUI event-loop stall (5 ms timer)")
{
    row(what,
        QStringLiteral("%1 ms").arg(s.stall.median(), 0, 'f', 1) + spread(s.stall, 0) + stallParts(s.stallRun, s.stallWait),
        QStringLiteral("<= %1 ms").arg(kGoalStallMs), verdict(s.stall.median() <= kGoalStallMs));
}

// The client's threads that ran more than 20 ms, busiest first ("name 0.12 s").
inline QString threadsText(const Series &s)
{
    QList<std::pair<double, QString>> busy;
    for (auto it = s.threadCpu.begin(); it != s.threadCpu.end(); ++it) {
        if (it.value().median() >= 0.02)
            busy.append({it.value().median(), it.key()});
    }
    std::sort(busy.begin(), busy.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList parts;
    for (const auto &[seconds, name] : busy)
        parts.append(QStringLiteral("%1 %2").arg(name).arg(seconds, 0, 'f', 2));
    return parts.join(QStringLiteral(", "));
}

inline void costRows(const Series &s)
{
    rssRow(s.rss);
    stallRow(s);
    row("CPU: client (its GUI thread) / Synapse", cpuText(s.cpu.median(), s.guiCpu.median(), s.serverCpu.median()));
    row("  the client's threads (s)", threadsText(s));
}

inline void ratioRow(const char *what, const Stats &ratio)
{
    row(what, QStringLiteral("%1").arg(ratio.median(), 0, 'f', 2) + spread(ratio, 2),
        QStringLiteral(">= %1").arg(kGoalRatio), verdict(ratio.median() >= kGoalRatio));
}

} // namespace estafette::bench::report
