#pragma once

#include "sync/sync_loop.h"

#include <QFrame>
#include <QPointer>

class QLabel;
class QPushButton;

namespace estafette {

class Session;

// A bar above the rooms and the timeline, shown only while the session's sync is Stopped: why new messages
// no longer arrive, in words, and a Retry button that starts sync again from where it stopped. Reachable with
// the keyboard (Tab) and announced to screen readers when it appears.
class SyncProblemBar : public QFrame {
    Q_OBJECT
public:
    explicit SyncProblemBar(Session *session, QWidget *parent = nullptr);

    QString message() const;

private:
    void onStateChanged(ConnectionState state);

    QPointer<Session> m_session;
    QLabel *m_text;
    QPushButton *m_retry;
};

} // namespace estafette
