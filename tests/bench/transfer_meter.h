#pragma once

// What a transfer costs the process, for the media benchmark: wall time, resident memory growth (VmRSS sampled
// every 50 ms on a thread of its own: max - before), CPU time (the process's, the GUI thread's, and another
// process's such as the homeserver's), and the longest gap between ticks of a 5 ms timer on the GUI thread (how
// long a window would not have repainted) with what the GUI thread did within that gap, from
// /proc/thread-self/schedstat: running (working: the client's doing) or runnable but waiting for a CPU (the
// machine's: other processes had the cores); what is left it spent blocked (in poll until the timer was due, or
// in a system call that waited for the disk).

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>
#include <unistd.h>
#include <utility>

namespace estafette::bench {

inline qint64 vmRssKiB()
{
    FILE *f = std::fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    qint64 kib = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0) {
            kib = std::strtoll(line + 6, nullptr, 10);
            break;
        }
    }
    std::fclose(f);
    return kib;
}

inline double cpuSeconds(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Nanoseconds the calling thread has run, and waited runnable for a CPU (0, 0 when unknown).
inline std::pair<qint64, qint64> threadSchedStat()
{
    FILE *f = std::fopen("/proc/thread-self/schedstat", "r");
    if (!f)
        return {0, 0};
    long long run = 0, wait = 0;
    if (std::fscanf(f, "%lld %lld", &run, &wait) != 2)
        run = wait = 0;
    std::fclose(f);
    return {run, wait};
}

// Nanoseconds each thread of this process has run, by thread name (threads of one name added up).
inline QHash<QString, qint64> threadRunTimes()
{
    QHash<QString, qint64> times;
    const QStringList tids = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : tids) {
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(tid));
        QFile sched(QStringLiteral("/proc/self/task/%1/schedstat").arg(tid));
        if (!comm.open(QIODevice::ReadOnly) || !sched.open(QIODevice::ReadOnly))
            continue;
        times[QString::fromUtf8(comm.readAll().trimmed())] += sched.readAll().split(' ').value(0).toLongLong();
    }
    return times;
}

// utime + stime of another process (0 when it can't be read).
inline double processCpuSeconds(qint64 pid)
{
    if (pid <= 0)
        return 0;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    // After the command: state is field 3 of stat(5), utime 14 and stime 15.
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

class RssSampler {
public:
    void start()
    {
        m_before = vmRssKiB();
        m_max = m_before;
        m_stop = false;
        m_thread = std::thread([this] {
            while (!m_stop.load()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                m_max = std::max(m_max.load(), vmRssKiB());
            }
        });
    }
    double stopGrowthMiB()
    {
        m_stop = true;
        m_thread.join();
        m_max = std::max(m_max.load(), vmRssKiB());
        return double(m_max - m_before) / 1024.0;
    }

private:
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_max{0};
    qint64 m_before = 0;
};

// Lives on the GUI thread.
class StallMeter : public QObject {
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_maxGap = m_maxRun = m_maxWait = 0;
        m_clock.start();
        m_last = 0;
        m_lastSched = threadSchedStat();
        m_timer.start();
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }
    double longestMs() const { return double(m_maxGap) / 1e6; }
    double longestRunMs() const { return double(m_maxRun) / 1e6; }  // the GUI thread working, in that gap
    double longestWaitMs() const { return double(m_maxWait) / 1e6; } // runnable, waiting for a CPU, in that gap

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const std::pair<qint64, qint64> sched = threadSchedStat();
        if (now - m_last > m_maxGap) {
            m_maxGap = now - m_last;
            m_maxRun = sched.first - m_lastSched.first;
            m_maxWait = sched.second - m_lastSched.second;
        }
        m_last = now;
        m_lastSched = sched;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::pair<qint64, qint64> m_lastSched{0, 0};
    qint64 m_maxGap = 0, m_maxRun = 0, m_maxWait = 0;
};

struct TransferCost {
    double seconds = 0;
    double rssGrowthMiB = 0;
    double stallMs = 0;
    double stallRunMs = 0;  // of the longest stall: the GUI thread working
    double stallWaitMs = 0; // of the longest stall: the GUI thread waiting for a CPU
    double processCpu = 0; // seconds, all threads of this process
    double guiCpu = 0;     // seconds, the GUI thread
    double otherCpu = 0;   // seconds, the watched process (the homeserver)
    QHash<QString, double> threadCpu; // seconds by thread name, those that ran at all
};

// Start on the GUI thread, stop there.
class TransferMeter {
public:
    explicit TransferMeter(qint64 watchedPid = 0) : m_pid(watchedPid) {}
    void start()
    {
        m_rss.start();
        m_cpu0 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
        m_gui0 = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        m_other0 = processCpuSeconds(m_pid);
        m_threads0 = threadRunTimes();
        m_stall.start();
        m_clock.start();
    }
    TransferCost stop()
    {
        TransferCost cost;
        cost.seconds = elapsed();
        m_stall.stop();
        cost.stallMs = m_stall.longestMs();
        cost.stallRunMs = m_stall.longestRunMs();
        cost.stallWaitMs = m_stall.longestWaitMs();
        cost.processCpu = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - m_cpu0;
        cost.guiCpu = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - m_gui0;
        cost.otherCpu = processCpuSeconds(m_pid) - m_other0;
        const QHash<QString, qint64> threads = threadRunTimes();
        for (auto it = threads.begin(); it != threads.end(); ++it) {
            const qint64 ran = it.value() - m_threads0.value(it.key());
            if (ran > 0)
                cost.threadCpu.insert(it.key(), double(ran) / 1e9);
        }
        cost.rssGrowthMiB = m_rss.stopGrowthMiB();
        return cost;
    }
    double elapsed() const { return double(m_clock.nsecsElapsed()) / 1e9; }

private:
    qint64 m_pid;
    RssSampler m_rss;
    StallMeter m_stall;
    QElapsedTimer m_clock;
    double m_cpu0 = 0, m_gui0 = 0, m_other0 = 0;
    QHash<QString, qint64> m_threads0;
};

} // namespace estafette::bench
