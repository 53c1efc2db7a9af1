#pragma once

#include <QDialog>

class QLabel;

namespace estafette {

class CryptoSession;

// Account > Session info…: who is signed in on this device, and the device's own end-to-end encryption
// identity (device id and Ed25519 fingerprint in groups of four), for others to compare with what their app
// shows for it.
class SessionInfoDialog : public QDialog {
    Q_OBJECT
public:
    // `crypto` may be null (no end-to-end encryption for this account): the dialog says so.
    SessionInfoDialog(const QString &userId, CryptoSession *crypto, QWidget *parent = nullptr);

    QString fingerprint() const { return m_fingerprint; }

private:
    QString m_fingerprint;
};

} // namespace estafette
