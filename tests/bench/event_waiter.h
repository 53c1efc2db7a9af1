#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <functional>

namespace estafette::bench {

// Runs the event loop until done() holds, checked whenever wake() is called (from the slots that change what it
// looks at): no polling and no sleeping (QTest::qWait sleeps between rounds), so the loop is as free as the
// app's. Used for everything measured.
class EventWaiter {
public:
    bool wait(const std::function<bool()> &done, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &m_loop, &QEventLoop::quit);
        while (!done()) {
            const qint64 left = timeoutMs - clock.elapsed();
            if (left <= 0)
                return false;
            timeout.start(int(left));
            m_loop.exec();
        }
        return true;
    }
    void wake() { m_loop.quit(); }

private:
    QEventLoop m_loop;
};

} // namespace estafette::bench
