#include "connection_indicator.h"

#include "error_text.h"

#include <QLocale>
#include <QPainter>
#include <QTime>

namespace estafette {

namespace {
constexpr int kDot = 8;
}

ConnectionIndicator::ConnectionIndicator(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("connectionStatus"));
    setIndent(kDot + 8);
    setState(ConnectionState::Disconnected);
}

void ConnectionIndicator::setState(ConnectionState state)
{
    m_state = state;
    QString text;
    switch (state) {
    case ConnectionState::Connected:
        text = tr("Connected");
        m_dot = QColor(0x18, 0x75, 0x3c);
        break;
    case ConnectionState::Connecting:
        text = tr("Connecting…");
        m_dot = QColor(0x92, 0x92, 0x92);
        break;
    case ConnectionState::Reconnecting:
        text = tr("Reconnecting…");
        m_dot = QColor(0xb3, 0x40, 0x00);
        break;
    case ConnectionState::Offline:
        text = tr("Offline: messages will be sent when the connection returns");
        m_dot = QColor(0xce, 0x05, 0x00);
        break;
    case ConnectionState::Disconnected:
        text = tr("Not connected");
        m_dot = QColor(0x92, 0x92, 0x92);
        break;
    case ConnectionState::Stopped:
        text = tr("Sync stopped");
        m_dot = QColor(0xce, 0x05, 0x00);
        break;
    }
    setText(text);
    setAccessibleName(tr("Connection: %1").arg(text));
    // The details of a retried failure last until the next one, or until the state says something else.
    if (state != ConnectionState::Reconnecting && state != ConnectionState::Offline) {
        setToolTip({});
        setAccessibleDescription({});
    }
    update();
}

void ConnectionIndicator::setRetry(const MatrixError &error, int delayMs)
{
    const QString when = QLocale().toString(QTime::currentTime().addMSecs(delayMs), QStringLiteral("HH:mm:ss"));
    const QString details = tr("%1 Next attempt at %2.").arg(ErrorText::matrixError(error), when);
    setToolTip(details);
    setAccessibleDescription(details);
}

void ConnectionIndicator::paintEvent(QPaintEvent *event)
{
    QLabel::paintEvent(event);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(m_dot);
    const int y = (height() - kDot) / 2;
    painter.drawEllipse(QRect(contentsMargins().left() + 4, y, kDot, kDot));
}

} // namespace estafette
