#pragma once

#include "net/matrix_error.h"
#include "sync/sync_loop.h"

#include <QLabel>

namespace estafette {

// A coloured dot and a word in the status bar: connected, connecting, reconnecting, offline, stopped.
// While a failure is being retried, its tooltip (and accessible description) says why and when the next try is.
class ConnectionIndicator : public QLabel {
    Q_OBJECT
public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);
    void setState(ConnectionState state);
    ConnectionState state() const { return m_state; }
    // A transient failure; the next attempt in delayMs.
    void setRetry(const MatrixError &error, int delayMs);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ConnectionState m_state = ConnectionState::Disconnected;
    QColor m_dot;
};

} // namespace estafette
