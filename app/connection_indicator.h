#pragma once

#include "sync/sync_loop.h"

#include <QLabel>

namespace estafette {

// A coloured dot and a word in the status bar: connected, connecting, reconnecting, offline.
class ConnectionIndicator : public QLabel {
    Q_OBJECT
public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);
    void setState(ConnectionState state);
    ConnectionState state() const { return m_state; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ConnectionState m_state = ConnectionState::Disconnected;
    QColor m_dot;
};

} // namespace estafette
