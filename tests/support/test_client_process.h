#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace estafette::test {

// Runs tests/support/test_client (libclient + encrypted store, no widgets) as a separate process, so a test
// can kill -9 it and start it again on the same database.
class TestClientProcess {
public:
    ~TestClientProcess();
    bool start(const QStringList &arguments, QString *error);
    // Takes the first output line starting with `prefix` (other lines stay for later calls), waiting for it;
    // returns the line without the prefix, or a null string on timeout / exit.
    QString waitFor(const QString &prefix, int timeoutMs = 30000);
    void send(const QString &command);
    // The client's answer to "rooms" (see test_client/main.cpp), and the one room of it with this id ({} if none).
    QJsonArray rooms();
    QJsonObject room(const QString &roomId);
    void kill9();       // SIGKILL, then reap
    void quit();        // "quit", then wait
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

private:
    void readLines();
    QProcess m_process;
    QByteArray m_buffer;
    QStringList m_lines;
};

} // namespace estafette::test
