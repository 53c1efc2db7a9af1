#include "support/test_client_process.h"

#include <QJsonDocument>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTest>

namespace estafette::test {

TestClientProcess::~TestClientProcess()
{
    if (isRunning())
        kill9();
}

bool TestClientProcess::start(const QStringList &arguments, QString *error)
{
    m_buffer.clear();
    m_lines.clear();
    m_process.setProgram(QCoreApplication::applicationDirPath() + QStringLiteral("/estafette_test_client"));
    m_process.setArguments(arguments);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("test client did not start: ") + m_process.errorString();
        return false;
    }
    return true;
}

void TestClientProcess::readLines()
{
    m_buffer.append(m_process.readAllStandardOutput());
    int newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        m_lines.append(QString::fromUtf8(m_buffer.left(newline)));
        m_buffer.remove(0, newline + 1);
    }
}

QString TestClientProcess::waitFor(const QString &prefix, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        readLines();
        for (int i = 0; i < m_lines.size(); ++i) {
            if (m_lines.at(i).startsWith(prefix)) {
                return m_lines.takeAt(i).mid(prefix.size());
            }
        }
        if (deadline.hasExpired() || (!isRunning() && m_process.bytesAvailable() == 0))
            return QString();
        m_process.waitForReadyRead(50);
        QCoreApplication::processEvents();
    }
}

QJsonArray TestClientProcess::rooms()
{
    send(QStringLiteral("rooms"));
    return QJsonDocument::fromJson(waitFor(QStringLiteral("rooms "), 10000).toUtf8()).array();
}

QJsonObject TestClientProcess::room(const QString &roomId)
{
    for (const auto &r : rooms())
        if (r.toObject().value(QStringLiteral("id")).toString() == roomId)
            return r.toObject();
    return {};
}

void TestClientProcess::send(const QString &command)
{
    m_process.write(command.toUtf8() + '\n');
    m_process.waitForBytesWritten(5000);
}

void TestClientProcess::kill9()
{
    m_process.kill(); // SIGKILL on Unix
    m_process.waitForFinished(10000);
}

void TestClientProcess::quit()
{
    send(QStringLiteral("quit"));
    if (!m_process.waitForFinished(10000))
        kill9();
}

} // namespace estafette::test
